package dev.tenor.ui.evaluate;

import dev.tenor.eval.EvaluationReport;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;

/**
 * What the Evaluate tab asks of the evaluation: models and an intent dataset in, the core's report out (the
 * one {@code tenor evaluate} writes). The workbench passes an implementation in, so tests can replace it.
 */
@FunctionalInterface
public interface EvaluationService {

    /**
     * @throws dev.tenor.io.BadInputException for a dataset folder or model that cannot be used
     * @throws dev.tenor.task.CancelledException when cancelled
     */
    EvaluationReport evaluate(EvaluationRequest request, ProgressListener progress, CancellationToken cancel)
            throws Exception;
}
