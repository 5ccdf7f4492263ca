package dev.tenor.cli;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.eval.ValidationTop1;
import dev.tenor.io.BadInputException;
import dev.tenor.io.TenorPaths;
import dev.tenor.train.IntentValidation;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the intent validation the trainer reports as val_top1. */
final class Validations {

    private Validations() {
    }

    /**
     * Validation on {@code dataset}'s validation split (test when it has none) against a fixed subsample
     * of its train split; default dataset MTOP English from the shared data. Null when no dataset is given
     * and the default is absent (training then selects the last checkpoint).
     */
    static IntentValidation forTraining(Path dataset) {
        Path folder = dataset != null ? dataset : TenorPaths.current().sharedData().resolve("mtop_intent/en");
        if (dataset == null && !Files.isDirectory(folder)) {
            System.err.println("tenor train: no intent validation set (" + folder + " not found); val_top1 is off");
            return null;
        }
        IntentDataset data = IntentDatasetReader.read(folder);
        if (data.validation() == null && data.test() == null) {
            throw BadInputException.of(folder, "has no validation or test split for val_top1");
        }
        return new ValidationTop1(data);
    }
}
