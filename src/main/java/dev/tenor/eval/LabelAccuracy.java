package dev.tenor.eval;

/**
 * Accuracy of the queries of one label at some k: {@code correct} of {@code queries}. {@code inIndex} is
 * false for a label the index has no item of (such queries can never be right).
 */
public record LabelAccuracy(String label, int queries, int correct, boolean inIndex) {

    public LabelAccuracy {
        if (queries < 1 || correct < 0 || correct > queries) {
            throw new IllegalArgumentException(label + ": " + correct + " correct of " + queries);
        }
    }

    public double accuracy() {
        return (double) correct / queries;
    }
}
