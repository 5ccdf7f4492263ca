package dev.tenor.ui.evaluate;

import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;

/**
 * What the Evaluate tab asks of the evaluation: models and an intent dataset in, the comparison out. The
 * workbench passes an implementation in, so the tab does not care which core code answers.
 */
@FunctionalInterface
public interface EvaluationService {

    /**
     * Evaluates every model of {@code request} on its dataset: index the train split, query with the test
     * split, top-1/2/3 accuracy, per-label accuracy and confusions.
     *
     * @throws dev.tenor.io.BadInputException for a dataset folder or model that cannot be used
     * @throws dev.tenor.task.CancelledException when cancelled
     */
    EvaluationReport evaluate(EvaluationRequest request, ProgressListener progress, CancellationToken cancel)
            throws Exception;
}
