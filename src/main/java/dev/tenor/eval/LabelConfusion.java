package dev.tenor.eval;

import java.util.List;

/**
 * Queries of {@code trueLabel} whose nearest index item had {@code predictedLabel}: {@code count} of them,
 * with a few examples (the query and its nearest index sentence).
 */
public record LabelConfusion(String trueLabel, String predictedLabel, int count, List<Example> examples) {

    public LabelConfusion {
        examples = List.copyOf(examples);
    }

    /** A misread query and the index sentence it was matched to. */
    public record Example(String query, String nearest) {
    }
}
