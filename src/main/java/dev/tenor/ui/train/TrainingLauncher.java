package dev.tenor.ui.train;

import dev.tenor.launch.EntryPoint;
import dev.tenor.launch.TrainingProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a training child process. The workbench runs {@code tenor train}; tests may run another main class
 * that writes a real run folder.
 */
@FunctionalInterface
public interface TrainingLauncher {

    TrainingProcess start(List<String> trainArguments, Path runFolder, TrainingProcess.Listener listener)
            throws IOException;

    /** {@code tenor train} in a child JVM of this installation. */
    static TrainingLauncher tenorTrain() {
        return (args, run, listener) -> TrainingProcess.start(EntryPoint.tenorTrain(args), run, listener);
    }
}
