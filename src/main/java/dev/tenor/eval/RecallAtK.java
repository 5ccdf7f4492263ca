package dev.tenor.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much of the exact top-k an approximate search found, for k = 1..maxK: {@code recall[k-1]} is the
 * mean over {@code queries} queries of |exact top-k ∩ approximate top-k| / |exact top-k|.
 */
public record RecallAtK(int queries, double[] recall) {

    public RecallAtK {
        if (queries < 0 || recall.length == 0) {
            throw new IllegalArgumentException("need queries >= 0 and at least k = 1");
        }
        recall = recall.clone();
    }

    public int maxK() {
        return recall.length;
    }

    /** Recall at {@code k} (1-based). */
    public double at(int k) {
        if (k < 1 || k > recall.length) {
            throw new IllegalArgumentException("k must be in 1.." + recall.length + ", got " + k);
        }
        return recall[k - 1];
    }

    /** {"1": recall@1, ...} in k order. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int k = 1; k <= recall.length; k++) {
            map.put(Integer.toString(k), recall[k - 1]);
        }
        return map;
    }

    @Override
    public double[] recall() {
        return recall.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecallAtK r && r.queries == queries && Arrays.equals(r.recall, recall);
    }

    @Override
    public int hashCode() {
        return queries * 31 + Arrays.hashCode(recall);
    }

    @Override
    public String toString() {
        return "RecallAtK" + asMap();
    }
}
