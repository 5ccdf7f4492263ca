package dev.tenor.attention;

import dev.tenor.model.TokenAttention;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer's attention, ready to draw: the visible tokens and one matrix per head ({@code heads[h][row][col]},
 * the row attending to the column). Immutable by convention: nobody writes into the arrays after construction.
 *
 * @param layer the layer (0-based)
 * @param kind per-head attention, rollout (one matrix), or a signed difference of two models
 */
public record AttentionLayer(int layer, List<String> tokens, float[][][] heads, Kind kind) {

    /** What the matrices hold. */
    public enum Kind {
        /** Attention probabilities, one matrix per head. */
        ATTENTION,
        /** Rollout up to this layer: a single matrix. */
        ROLLOUT,
        /** Trained minus base: signed values in [-1, 1]. */
        DIFFERENCE
    }

    public AttentionLayer {
        tokens = List.copyOf(tokens);
        for (float[][] h : heads) {
            if (h.length != tokens.size()) {
                throw new IllegalArgumentException("a head matrix has " + h.length + " rows for " + tokens.size()
                        + " tokens");
            }
        }
    }

    public int size() {
        return tokens.size();
    }

    public int headCount() {
        return heads.length;
    }

    /** The mean of the chosen heads' matrices (for rollout and a single head: that matrix). */
    public float[][] mean(boolean[] chosen) {
        if (heads.length == 1) {
            return heads[0];
        }
        return AttentionMath.meanOfHeads(heads, chosen);
    }

    /** Layer {@code layer} of {@code attention}, shown as {@code options} say. */
    public static AttentionLayer of(TokenAttention attention, int layer, AttentionOptions options) {
        checkLayer(attention, layer);
        if (options.rollout()) {
            return all(attention, options).get(layer);
        }
        int[] keep = SpecialTokens.visible(attention.tokens(), options.hideSpecial());
        float[][][] source = attention.probabilities()[layer];
        float[][][] heads = new float[source.length][][];
        for (int h = 0; h < source.length; h++) {
            heads[h] = keep.length == attention.tokens().size() ? copy(source[h]) : AttentionMath.select(source[h], keep);
        }
        return new AttentionLayer(layer, pick(attention.tokens(), keep), heads, Kind.ATTENTION);
    }

    /** Every layer of {@code attention}; rollout is computed once for all layers. */
    public static List<AttentionLayer> all(TokenAttention attention, AttentionOptions options) {
        List<AttentionLayer> out = new ArrayList<>(attention.layers());
        if (!options.rollout()) {
            for (int l = 0; l < attention.layers(); l++) {
                out.add(of(attention, l, options));
            }
            return out;
        }
        int[] keep = SpecialTokens.visible(attention.tokens(), options.hideSpecial());
        List<String> tokens = pick(attention.tokens(), keep);
        // Rollout runs over all tokens (attention really flows through [CLS]/[SEP]); hiding comes after.
        float[][][] rolled = AttentionMath.rollout(attention.probabilities(), true);
        for (int l = 0; l < rolled.length; l++) {
            float[][] m = keep.length == attention.tokens().size() ? rolled[l] : AttentionMath.select(rolled[l], keep);
            out.add(new AttentionLayer(l, tokens, new float[][][] {m}, Kind.ROLLOUT));
        }
        return out;
    }

    /**
     * {@code trained - base}, head by head, for the same layer of two models that tokenise the sentence the
     * same way.
     *
     * @throws IllegalArgumentException when the tokens or head counts differ
     */
    public static AttentionLayer difference(AttentionLayer trained, AttentionLayer base) {
        if (!trained.tokens.equals(base.tokens)) {
            throw new IllegalArgumentException("the two models split the sentence into different tokens, so their "
                    + "attention cannot be subtracted");
        }
        if (trained.headCount() != base.headCount()) {
            throw new IllegalArgumentException("the two models have " + trained.headCount() + " and "
                    + base.headCount() + " heads");
        }
        float[][][] heads = new float[trained.headCount()][][];
        for (int h = 0; h < heads.length; h++) {
            heads[h] = AttentionMath.difference(trained.heads[h], base.heads[h]);
        }
        return new AttentionLayer(trained.layer, trained.tokens, heads, Kind.DIFFERENCE);
    }

    private static void checkLayer(TokenAttention attention, int layer) {
        if (layer < 0 || layer >= attention.layers()) {
            throw new IllegalArgumentException("layer " + layer + " outside 0.." + (attention.layers() - 1));
        }
    }

    private static List<String> pick(List<String> tokens, int[] keep) {
        List<String> out = new ArrayList<>(keep.length);
        for (int i : keep) {
            out.add(tokens.get(i));
        }
        return out;
    }

    private static float[][] copy(float[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
