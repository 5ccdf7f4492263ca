package dev.tenor.train;

import java.nio.file.Path;

/**
 * The names of the files in a run folder, in one place: the trainer writes them, the workbench and
 * remote runs read them.
 */
public final class RunFiles {

    /** The run's options, written at start ({@link TrainConfigFile}). */
    public static final String ARGS = TrainConfigFile.NAME;
    /** One JSON event per line ({@link MetricsLog}). */
    public static final String METRICS = "metrics.jsonl";
    /** The trainer's output when a launcher runs it as a child process. */
    public static final String LOG = "train.log";
    /** A stop request ({@link StopFile}). */
    public static final String STOP = StopFile.NAME;
    /** The selected model, written when the run finishes. */
    public static final String MODEL = "model";

    private RunFiles() {
    }

    /**
     * Where a launcher keeps the log until the trainer has prepared the run folder (which must be empty or
     * absent when it starts): a hidden sibling of the run folder.
     */
    public static Path pendingLog(Path runFolder) {
        return runFolder.resolveSibling("." + runFolder.getFileName() + "." + LOG);
    }
}
