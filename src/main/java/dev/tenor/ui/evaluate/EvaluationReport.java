package dev.tenor.ui.evaluate;

import dev.tenor.eval.LabelAccuracy;
import dev.tenor.eval.LabelConfusion;
import dev.tenor.eval.TopKAccuracy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The results of an evaluation, one {@link ModelScores} per model in request order.
 *
 * @param indexSize sentences in the index (train split, or its sample)
 * @param queries test sentences queried
 */
public record EvaluationReport(String dataset, Path folder, int indexSize, int queries,
                               EvaluationRequest.IndexSettings index, List<ModelScores> models) {

    public EvaluationReport {
        models = List.copyOf(models);
    }

    /** One model's scores. */
    public record ModelScores(String model, TopKAccuracy accuracy, List<LabelAccuracy> perLabel,
                              List<LabelConfusion> confusions, Duration elapsed) {

        public ModelScores {
            perLabel = List.copyOf(perLabel);
            confusions = List.copyOf(confusions);
        }

        public double top(int k) {
            return accuracy.at(k);
        }
    }

    /** The largest k every model has. */
    public int maxK() {
        return models.stream().mapToInt(m -> m.accuracy().maxK()).min().orElse(0);
    }

    /** The best top-k score over models. */
    public double best(int k) {
        return models.stream().mapToDouble(m -> m.top(k)).max().orElse(Double.NaN);
    }

    public ModelScores model(String name) {
        return models.stream().filter(m -> m.model().equals(name)).findFirst().orElse(null);
    }
}
