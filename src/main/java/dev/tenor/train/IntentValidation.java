package dev.tenor.train;

import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;

/** Measures a model during training: exact top-1 intent retrieval on a validation split. */
@FunctionalInterface
public interface IntentValidation {

    /** Top-1 accuracy of {@code encoder}'s current weights. */
    double top1(SentenceEncoder encoder, CancellationToken cancel);
}
