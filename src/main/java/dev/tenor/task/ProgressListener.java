package dev.tenor.task;

/**
 * Receives progress of long work. Core code reports through this interface; the command line turns it
 * into a progress bar and the workbench into a JavaFX task's progress.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores all progress. */
    ProgressListener NONE = (done, total, message) -> { };

    /**
     * Reports progress.
     *
     * @param done units finished so far
     * @param total units in all, or -1 when unknown
     * @param message a short description of the current stage
     */
    void progress(long done, long total, String message);
}
