package dev.tenor.cli;

import dev.tenor.train.IntentValidation;
import java.nio.file.Path;

/** Builds the intent validation the trainer reports as val_top1. */
final class Validations {

    private Validations() {
    }

    /** Validation on {@code dataset} (default MTOP English), or null when no such dataset is present. */
    static IntentValidation forTraining(Path dataset) {
        return null; // wired to dev.tenor.eval.ValidationTop1 once the evaluation lands
    }
}
