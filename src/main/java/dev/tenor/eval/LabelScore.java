package dev.tenor.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Top-k accuracy of the queries of one label: {@code correct[k-1]} of {@code queries} were right at k.
 * {@code inIndex} is false for a label no training sentence has (its queries are never right).
 */
public record LabelScore(String label, int queries, boolean inIndex, int[] correct) {

    public LabelScore {
        if (queries < 1 || correct.length == 0) {
            throw new IllegalArgumentException(label + ": needs queries and k >= 1");
        }
        correct = correct.clone();
    }

    public int maxK() {
        return correct.length;
    }

    /** Accuracy at {@code k} (1-based). */
    public double at(int k) {
        return (double) correct[k - 1] / queries;
    }

    /** {"1": acc@1, ...}. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int k = 1; k <= correct.length; k++) {
            m.put(Integer.toString(k), at(k));
        }
        return m;
    }

    @Override
    public int[] correct() {
        return correct.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelScore s && s.label.equals(label) && s.queries == queries && s.inIndex == inIndex
                && Arrays.equals(s.correct, correct);
    }

    @Override
    public int hashCode() {
        return label.hashCode() * 31 + Arrays.hashCode(correct);
    }

    @Override
    public String toString() {
        return "LabelScore[" + label + ", " + queries + " queries, " + asMap() + "]";
    }
}
