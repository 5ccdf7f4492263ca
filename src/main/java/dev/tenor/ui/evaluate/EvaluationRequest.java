package dev.tenor.ui.evaluate;

import dev.tenor.eval.EvaluationOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * One evaluation the tab asks for: models, an intent dataset folder, and the same options
 * {@code tenor evaluate} takes (indexes, Annoy settings, samples, cache).
 */
public record EvaluationRequest(List<String> models, Path dataset, EvaluationOptions options) {

    public EvaluationRequest {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("choose at least one model to evaluate");
        }
        if (dataset == null) {
            throw new IllegalArgumentException("choose an intent dataset folder (with train and test files)");
        }
        if (options == null) {
            throw new IllegalArgumentException("options are required");
        }
    }
}
