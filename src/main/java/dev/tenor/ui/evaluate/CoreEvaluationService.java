package dev.tenor.ui.evaluate;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.eval.EvaluationReport;
import dev.tenor.eval.IntentEvaluation;
import dev.tenor.model.ModelStore;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.util.ArrayList;
import java.util.List;

/** The Evaluate tab's service: the same {@link IntentEvaluation} as {@code tenor evaluate}, embedding cache included. */
public final class CoreEvaluationService implements EvaluationService {

    private final ModelStore store;
    private final IntentEvaluation evaluation;

    public CoreEvaluationService(ModelStore store) {
        this(store, IntentEvaluation.withDefaultCache());
    }

    public CoreEvaluationService(ModelStore store, IntentEvaluation evaluation) {
        this.store = store;
        this.evaluation = evaluation;
    }

    @Override
    public EvaluationReport evaluate(EvaluationRequest request, ProgressListener progress, CancellationToken cancel) {
        progress.progress(0, -1, "reading " + request.dataset().getFileName());
        IntentDataset data = IntentDatasetReader.read(request.dataset());
        List<IntentEvaluation.Model> models = new ArrayList<>();
        for (String name : request.models()) {
            models.add(IntentEvaluation.Model.resolve(store, name, progress));
        }
        return evaluation.evaluate(data, models, request.options(), progress, cancel);
    }
}
