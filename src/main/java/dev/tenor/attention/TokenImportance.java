package dev.tenor.attention;

import dev.tenor.model.TokenAttention;
import java.util.ArrayList;
import java.util.List;

/**
 * How much attention each token receives: the mean over heads and query tokens of a layer's attention
 * (a column mean), or of the rollout up to that layer (for mean pooling, the rollout to the pooled
 * output). With special tokens hidden the rows are renormalised over the words first, so the values sum
 * to 1 over the tokens shown and read as "the share of the attention that went to this word".
 *
 * @param tokens the tokens shown, in sentence order
 * @param layers {@code [layer][token]}: per-layer attention received
 * @param rollout {@code [layer][token]}: rollout up to each layer; the last row is the whole model's
 */
public record TokenImportance(List<String> tokens, float[][] layers, float[][] rollout) {

    public TokenImportance {
        tokens = List.copyOf(tokens);
    }

    /** The importance of every token of {@code attention} at every layer, per layer and rolled out. */
    public static TokenImportance of(TokenAttention attention, boolean hideSpecial) {
        List<AttentionLayer> plain = AttentionLayer.all(attention, new AttentionOptions(false, hideSpecial));
        List<AttentionLayer> rolled = AttentionLayer.all(attention, new AttentionOptions(true, hideSpecial));
        float[][] layers = new float[plain.size()][];
        float[][] rollout = new float[rolled.size()][];
        for (int l = 0; l < plain.size(); l++) {
            layers[l] = received(plain.get(l));
            rollout[l] = received(rolled.get(l));
        }
        return new TokenImportance(plain.isEmpty() ? List.of() : plain.get(0).tokens(), layers, rollout);
    }

    /** The column means of the mean of all heads of {@code layer}. */
    public static float[] received(AttentionLayer layer) {
        boolean[] all = new boolean[layer.headCount()];
        java.util.Arrays.fill(all, true);
        float[][] m = layer.mean(all);
        int n = layer.size();
        float[] out = new float[n];
        for (float[] row : m) {
            for (int c = 0; c < n; c++) {
                out[c] += row[c];
            }
        }
        for (int c = 0; c < n; c++) {
            out[c] /= n;
        }
        return out;
    }

    public int layerCount() {
        return layers.length;
    }

    /** Layer {@code layer}'s values, or with {@code rolled} the rollout's. */
    public float[] values(int layer, boolean rolled) {
        return rolled ? rollout[layer] : layers[layer];
    }

    /**
     * The tokens whose importance changed most from {@code base} to {@code trained} (same tokens), most
     * gained first among the gains and most lost first among the losses, at most {@code count} of each.
     */
    public static Changes changes(float[] base, float[] trained, List<String> tokens, int count) {
        if (base.length != trained.length || base.length != tokens.size()) {
            throw new IllegalArgumentException("importance of " + base.length + " and " + trained.length
                    + " values for " + tokens.size() + " tokens");
        }
        List<Change> all = new ArrayList<>();
        for (int i = 0; i < base.length; i++) {
            all.add(new Change(i, tokens.get(i), base[i], trained[i]));
        }
        List<Change> gained = all.stream().filter(c -> c.delta() > 0)
                .sorted((a, b) -> Float.compare(b.delta(), a.delta())).limit(count).toList();
        List<Change> lost = all.stream().filter(c -> c.delta() < 0)
                .sorted((a, b) -> Float.compare(a.delta(), b.delta())).limit(count).toList();
        return new Changes(gained, lost);
    }

    /** One token's importance in both models. */
    public record Change(int position, String token, float base, float trained) {
        public float delta() {
            return trained - base;
        }
    }

    /** The tokens that gained and lost most. */
    public record Changes(List<Change> gained, List<Change> lost) {
    }
}
