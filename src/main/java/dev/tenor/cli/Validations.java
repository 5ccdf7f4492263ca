package dev.tenor.cli;

import dev.tenor.data.IntentDatasetReader;
import dev.tenor.eval.ValidationTop1;
import dev.tenor.io.TenorPaths;
import dev.tenor.train.IntentValidation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the intent validation the trainer reports as val_top1. */
final class Validations {

    private Validations() {
    }

    /** The offline default validation sets, in the shared data: MTOP English and ATIS. */
    static final List<String> DEFAULT_SETS = List.of("mtop_intent/en", "atis");

    /**
     * Validation on each dataset's validation split against a fixed subsample of its train split (a set
     * without a validation split is refused: its test split is for the final evaluation); no dataset: the
     * {@link #DEFAULT_SETS} found in the shared data. Null when none is given and no default is there
     * (training then selects the last checkpoint).
     */
    static IntentValidation forTraining(List<Path> datasets) {
        List<Path> folders = datasets;
        if (folders.isEmpty()) {
            Path shared = TenorPaths.current().sharedData();
            folders = DEFAULT_SETS.stream().map(shared::resolve).filter(Files::isDirectory).toList();
            if (folders.isEmpty()) {
                System.err.println("tenor train: no intent validation set (" + shared.resolve(DEFAULT_SETS.get(0))
                        + " not found); val_top1 is off");
                return null;
            }
        }
        List<IntentValidation> parts = new ArrayList<>();
        for (Path folder : folders) {
            parts.add(new ValidationTop1(IntentDatasetReader.read(folder)));
        }
        return parts.size() == 1 ? parts.get(0) : IntentValidation.all(parts);
    }
}
