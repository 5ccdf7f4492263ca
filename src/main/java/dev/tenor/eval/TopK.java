package dev.tenor.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retrieval metrics of the intent protocol. A query is correct at k when at least one of its k nearest
 * index items has the query's label. Neighbour rows may be shorter than k (an approximate search can
 * return fewer): only the neighbours present count. Queries whose label the index lacks count as wrong.
 */
public final class TopK {

    private TopK() {
    }

    /** Top-k accuracy for k = 1..maxK. */
    public static TopKAccuracy accuracy(int[][] neighbours, List<String> indexLabels, List<String> queryLabels,
            int maxK) {
        checkK(maxK);
        int[] rank = firstCorrectRank(neighbours, indexLabels, queryLabels);
        int[] correct = new int[maxK];
        for (int r : rank) {
            if (r > 0) {
                for (int k = r; k <= maxK; k++) {
                    correct[k - 1]++;
                }
            }
        }
        return new TopKAccuracy(neighbours.length, correct);
    }

    /**
     * Recall of an approximate search against the exact one, for k = 1..maxK: the share of each query's
     * exact top-k ids found in its approximate top-k, averaged over queries.
     */
    public static RecallAtK recall(int[][] approximate, int[][] exact, int maxK) {
        checkK(maxK);
        if (approximate.length != exact.length) {
            throw new IllegalArgumentException(approximate.length + " approximate rows but " + exact.length
                    + " exact rows");
        }
        double[] sum = new double[maxK];
        for (int q = 0; q < exact.length; q++) {
            int[] a = approximate[q];
            int[] e = exact[q];
            for (int k = 1; k <= maxK; k++) {
                int want = Math.min(k, e.length);
                if (want == 0) {
                    sum[k - 1] += 1; // nothing to find
                    continue;
                }
                Set<Integer> got = new HashSet<>();
                for (int j = 0; j < Math.min(k, a.length); j++) {
                    got.add(a[j]);
                }
                int hit = 0;
                for (int j = 0; j < want; j++) {
                    if (got.contains(e[j])) {
                        hit++;
                    }
                }
                sum[k - 1] += (double) hit / want;
            }
        }
        double[] recall = new double[maxK];
        for (int k = 0; k < maxK; k++) {
            recall[k] = exact.length == 0 ? 0 : sum[k] / exact.length;
        }
        return new RecallAtK(exact.length, recall);
    }

    /**
     * Accuracy at {@code k} for each query label, worst first (then the label with more queries, then by
     * name).
     */
    public static List<LabelAccuracy> perLabel(int[][] neighbours, List<String> indexLabels,
            List<String> queryLabels, int k) {
        checkK(k);
        int[] rank = firstCorrectRank(neighbours, indexLabels, queryLabels);
        Set<String> known = new HashSet<>(indexLabels);
        Map<String, int[]> counts = new LinkedHashMap<>(); // label -> {queries, correct}
        for (int q = 0; q < rank.length; q++) {
            int[] c = counts.computeIfAbsent(queryLabels.get(q), l -> new int[2]);
            c[0]++;
            if (rank[q] > 0 && rank[q] <= k) {
                c[1]++;
            }
        }
        List<LabelAccuracy> out = new ArrayList<>();
        counts.forEach((label, c) -> out.add(new LabelAccuracy(label, c[0], c[1], known.contains(label))));
        out.sort(Comparator.comparingDouble(LabelAccuracy::accuracy)
                .thenComparing(Comparator.comparingInt(LabelAccuracy::queries).reversed())
                .thenComparing(LabelAccuracy::label));
        return out;
    }

    /**
     * The most frequent (true label, label of the nearest index item) pairs among queries wrong at top-1,
     * most frequent first (ties by label names), at most {@code maxPairs}, each with up to
     * {@code maxExamples} examples in query order.
     */
    public static List<LabelConfusion> confusions(int[][] neighbours, List<String> indexLabels,
            List<String> indexTexts, List<String> queryLabels, List<String> queryTexts, int maxPairs,
            int maxExamples) {
        checkSizes(neighbours, indexLabels, queryLabels);
        if (indexTexts.size() != indexLabels.size() || queryTexts.size() != queryLabels.size()) {
            throw new IllegalArgumentException("texts and labels differ in count");
        }
        Map<List<String>, List<Integer>> pairs = new LinkedHashMap<>();
        for (int q = 0; q < neighbours.length; q++) {
            if (neighbours[q].length == 0) {
                continue;
            }
            String predicted = indexLabels.get(neighbours[q][0]);
            if (!predicted.equals(queryLabels.get(q))) {
                pairs.computeIfAbsent(List.of(queryLabels.get(q), predicted), p -> new ArrayList<>()).add(q);
            }
        }
        List<LabelConfusion> out = new ArrayList<>();
        pairs.forEach((pair, queries) -> {
            List<LabelConfusion.Example> examples = new ArrayList<>();
            for (int q : queries.subList(0, Math.min(maxExamples, queries.size()))) {
                examples.add(new LabelConfusion.Example(queryTexts.get(q), indexTexts.get(neighbours[q][0])));
            }
            out.add(new LabelConfusion(pair.get(0), pair.get(1), queries.size(), examples));
        });
        out.sort(Comparator.comparingInt(LabelConfusion::count).reversed()
                .thenComparing(LabelConfusion::trueLabel)
                .thenComparing(LabelConfusion::predictedLabel));
        return List.copyOf(out.subList(0, Math.min(maxPairs, out.size())));
    }

    /** For each query, the 1-based rank of its first neighbour with the query's label, or 0 if none. */
    private static int[] firstCorrectRank(int[][] neighbours, List<String> indexLabels, List<String> queryLabels) {
        checkSizes(neighbours, indexLabels, queryLabels);
        int[] rank = new int[neighbours.length];
        for (int q = 0; q < neighbours.length; q++) {
            String want = queryLabels.get(q);
            int[] row = neighbours[q];
            for (int j = 0; j < row.length; j++) {
                if (indexLabels.get(row[j]).equals(want)) {
                    rank[q] = j + 1;
                    break;
                }
            }
        }
        return rank;
    }

    private static void checkSizes(int[][] neighbours, List<String> indexLabels, List<String> queryLabels) {
        if (neighbours.length != queryLabels.size()) {
            throw new IllegalArgumentException(neighbours.length + " neighbour rows but " + queryLabels.size()
                    + " query labels");
        }
        int n = indexLabels.size();
        for (int q = 0; q < neighbours.length; q++) {
            for (int id : neighbours[q]) {
                if (id < 0 || id >= n) {
                    throw new IllegalArgumentException("query " + q + " has neighbour " + id + ", the index "
                            + n + " items");
                }
            }
        }
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }
}
