package dev.tenor.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Top-k accuracy for k = 1..maxK: {@code correct[k-1]} of {@code queries} queries had their label among
 * their k nearest index items.
 */
public record TopKAccuracy(int queries, int[] correct) {

    public TopKAccuracy {
        if (queries < 0 || correct.length == 0) {
            throw new IllegalArgumentException("need queries >= 0 and at least k = 1");
        }
        correct = correct.clone();
    }

    public int maxK() {
        return correct.length;
    }

    /** Accuracy at {@code k} (1-based), 0 when there are no queries. */
    public double at(int k) {
        if (k < 1 || k > correct.length) {
            throw new IllegalArgumentException("k must be in 1.." + correct.length + ", got " + k);
        }
        return queries == 0 ? 0 : (double) correct[k - 1] / queries;
    }

    /** {"1": acc@1, "2": acc@2, ...} in k order, as the JSON report shows it. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int k = 1; k <= correct.length; k++) {
            map.put(Integer.toString(k), at(k));
        }
        return map;
    }

    @Override
    public int[] correct() {
        return correct.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopKAccuracy t && t.queries == queries && Arrays.equals(t.correct, correct);
    }

    @Override
    public int hashCode() {
        return queries * 31 + Arrays.hashCode(correct);
    }

    @Override
    public String toString() {
        return "TopKAccuracy" + asMap();
    }
}
