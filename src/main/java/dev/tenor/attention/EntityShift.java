package dev.tenor.attention;

import dev.tenor.data.FewRelData;
import dev.tenor.data.FewRelEntity;
import dev.tenor.data.FewRelInstance;
import dev.tenor.data.FewRelRelation;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.TokenAttention;
import dev.tenor.model.WordPieces;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The seed's claim, measured: how much of each model's attention lands on a FewRel sentence's head and
 * tail entity tokens, per layer and for the rollout, and how much on the tokens the base model attends to
 * most (as many as there are entity tokens). A token's share is its {@link TokenImportance} (the mean
 * over heads and query tokens of the attention it receives, [CLS]/[SEP] hidden and rows renormalised, so
 * the shares of a sentence's words sum to 1). Means over sentences with 95% intervals, and the paired
 * difference of each later model against the first (the base).
 */
public final class EntityShift {

    /** Sentences encoded per batch. */
    public static final int BATCH_SIZE = 32;

    private EntityShift() {
    }

    /** One FewRel sentence to measure. */
    public record Sample(String relation, FewRelInstance instance) {
    }

    /**
     * Up to {@code limit} instances of {@code data}, taken round-robin over the relations (instance 0 of
     * each relation, then instance 1, ...), so a small limit still covers every relation.
     */
    public static List<Sample> sample(FewRelData data, int limit) {
        List<Sample> out = new ArrayList<>();
        int longest = data.relations().stream().mapToInt(r -> r.instances().size()).max().orElse(0);
        for (int i = 0; i < longest && out.size() < limit; i++) {
            for (FewRelRelation r : data.relations()) {
                if (i < r.instances().size() && out.size() < limit) {
                    out.add(new Sample(r.id(), r.instances().get(i)));
                }
            }
        }
        return out;
    }

    /** One measured sentence: its tokens, the entity tokens' positions, each model's shares. */
    public record SentenceShares(Sample sample, List<String> tokens, int[] entityTokens, double[][] entity,
                                 double[][] baseTop) {
    }

    /**
     * One view (a layer, or the rollout) over all sentences.
     *
     * @param view {@code "layer N"} (1-based) or {@code "rollout"}
     * @param uniform the entity tokens' share of the words: what attention spread evenly would give
     * @param entity per model
     * @param entityDifference per model after the first: its share minus the first model's, paired by sentence
     * @param baseTop per model: the share of the first model's most-attended tokens
     * @param baseTopDifference as {@code entityDifference}, for {@code baseTop}
     */
    public record Row(String view, MeanInterval uniform, List<MeanInterval> entity, List<MeanInterval> entityDifference,
                      List<MeanInterval> baseTop, List<MeanInterval> baseTopDifference) {
    }

    /**
     * @param truncated sentences left out because truncation cut an entity off
     */
    public record Report(List<String> models, int sentences, int truncated, List<Row> rows,
                         List<SentenceShares> perSentence) {
    }

    /**
     * Measures {@code samples} on {@code encoders} (the first is the base). All models must split the
     * sentences into the same tokens.
     *
     * @throws IllegalArgumentException when two models tokenise a sentence differently
     */
    public static Report measure(List<Sample> samples, List<String> names, List<SentenceEncoder> encoders,
                                 ProgressListener progress, CancellationToken cancel) {
        for (int e = 1; e < encoders.size(); e++) {
            if (encoders.get(e).config().numLayers() != encoders.get(0).config().numLayers()) {
                throw new IllegalArgumentException(names.get(e) + " has " + encoders.get(e).config().numLayers()
                        + " layers and " + names.get(0) + " " + encoders.get(0).config().numLayers()
                        + ", so their attention cannot be compared layer by layer");
            }
        }
        List<List<String>> words = samples.stream().map(s -> s.instance().tokens()).toList();
        List<WordPieces> pieces = encoders.get(0).tokenizeWords(words);
        List<Integer> kept = new ArrayList<>();
        List<int[]> entityTokens = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            FewRelInstance inst = samples.get(i).instance();
            int[] head = tokensOf(pieces.get(i), inst.head());
            int[] tail = tokensOf(pieces.get(i), inst.tail());
            if (head.length == 0 || tail.length == 0) {
                continue;
            }
            kept.add(i);
            int[] both = Arrays.copyOf(head, head.length + tail.length);
            System.arraycopy(tail, 0, both, head.length, tail.length);
            Arrays.sort(both);
            entityTokens.add(both);
        }
        var texts = kept.stream().map(i -> pieces.get(i).text()).toList();
        int m = encoders.size();
        TokenImportance[][] importance = new TokenImportance[m][texts.size()];
        for (int e = 0; e < m; e++) {
            int model = e;
            if (e > 0) {
                List<String> first = encoders.get(e).tokenizeWords(List.of(words.get(kept.get(0)))).get(0).text().tokens();
                if (!first.equals(texts.get(0).tokens())) {
                    throw new IllegalArgumentException(names.get(e) + " splits sentences into other tokens than "
                            + names.get(0) + ", so their attention cannot be compared token by token");
                }
            }
            encoders.get(e).attention(texts, BATCH_SIZE, (index, attention) -> {
                importance[model][index] = TokenImportance.of(checkTokens(attention, texts.get(index).tokens(),
                        names.get(model)), true);
            }, (d, total, what) -> progress.progress(model * texts.size() + d, m * texts.size(),
                    "attention of " + names.get(model)), cancel);
        }
        List<SentenceShares> per = new ArrayList<>();
        for (int s = 0; s < texts.size(); s++) {
            per.add(shares(samples.get(kept.get(s)), texts.get(s).tokens(), entityTokens.get(s), importance, s));
        }
        return new Report(List.copyOf(names), per.size(), samples.size() - per.size(), rows(per, m),
                per);
    }

    private static TokenAttention checkTokens(TokenAttention a, List<String> expected, String model) {
        if (!a.tokens().equals(expected)) {
            throw new IllegalArgumentException(model + " splits a sentence into other tokens than the first model");
        }
        return a;
    }

    private static int[] tokensOf(WordPieces pieces, FewRelEntity entity) {
        return pieces.tokensOfWords(entity.start(), entity.end());
    }

    /** Views: every layer, then the rollout through all layers. */
    private static SentenceShares shares(Sample sample, List<String> tokens, int[] entityFull,
                                         TokenImportance[][] importance, int s) {
        int[] keep = SpecialTokens.visible(tokens, true);
        int[] visible = new int[tokens.size()];
        Arrays.fill(visible, -1);
        for (int i = 0; i < keep.length; i++) {
            visible[keep[i]] = i;
        }
        int[] entity = Arrays.stream(entityFull).map(i -> visible[i]).filter(i -> i >= 0).toArray();
        int m = importance.length;
        int views = importance[0][s].layerCount() + 1;
        double[][] entityShare = new double[m][views];
        double[][] baseTopShare = new double[m][views];
        for (int v = 0; v < views; v++) {
            int[] top = topTokens(view(importance[0][s], v), entity.length);
            for (int e = 0; e < m; e++) {
                float[] values = view(importance[e][s], v);
                entityShare[e][v] = sum(values, entity);
                baseTopShare[e][v] = sum(values, top);
            }
        }
        return new SentenceShares(sample, tokens, entityFull, entityShare, baseTopShare);
    }

    private static float[] view(TokenImportance imp, int v) {
        return v < imp.layerCount() ? imp.layers()[v] : imp.rollout()[imp.layerCount() - 1];
    }

    /** The positions of the {@code k} largest values (ties: the earlier token). */
    static int[] topTokens(float[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> values[a] != values[b] ? Float.compare(values[b], values[a]) : a - b);
        int[] out = new int[Math.min(k, values.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private static double sum(float[] values, int[] at) {
        double sum = 0;
        for (int i : at) {
            sum += values[i];
        }
        return sum;
    }

    private static List<Row> rows(List<SentenceShares> per, int m) {
        List<Row> rows = new ArrayList<>();
        if (per.isEmpty()) {
            return rows;
        }
        int views = per.get(0).entity()[0].length;
        int n = per.size();
        for (int v = 0; v < views; v++) {
            double[] uniform = new double[n];
            for (int s = 0; s < n; s++) {
                int words = SpecialTokens.visible(per.get(s).tokens(), true).length;
                uniform[s] = (double) per.get(s).entityTokens().length / words;
            }
            List<MeanInterval> entity = new ArrayList<>();
            List<MeanInterval> entityDiff = new ArrayList<>();
            List<MeanInterval> top = new ArrayList<>();
            List<MeanInterval> topDiff = new ArrayList<>();
            for (int e = 0; e < m; e++) {
                entity.add(MeanInterval.of(column(per, e, v, false, -1)));
                top.add(MeanInterval.of(column(per, e, v, true, -1)));
                if (e > 0) {
                    entityDiff.add(MeanInterval.of(column(per, e, v, false, 0)));
                    topDiff.add(MeanInterval.of(column(per, e, v, true, 0)));
                }
            }
            String name = v < views - 1 ? "layer " + (v + 1) : "rollout";
            rows.add(new Row(name, MeanInterval.of(uniform), entity, entityDiff, top, topDiff));
        }
        return rows;
    }

    /** Model {@code e}'s share at view {@code v} for every sentence, minus model {@code minus}'s when >= 0. */
    private static double[] column(List<SentenceShares> per, int e, int v, boolean baseTop, int minus) {
        double[] out = new double[per.size()];
        for (int s = 0; s < out.length; s++) {
            double[][] values = baseTop ? per.get(s).baseTop() : per.get(s).entity();
            out[s] = values[e][v] - (minus >= 0 ? values[minus][v] : 0);
        }
        return out;
    }
}
