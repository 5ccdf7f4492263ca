package dev.tenor.ui;

import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import javafx.concurrent.Task;

/**
 * A JavaFX task around core work: core code reports through {@link #progress()} and checks {@link #token()};
 * cancelling the task cancels the token, so the work stops at its next check (threads are not interrupted:
 * native engines do not like it).
 */
public abstract class ProgressTask<T> extends Task<T> {

    private final CancellationToken token = new CancellationToken();

    private final ProgressListener progress = (done, total, message) -> {
        if (message != null) {
            updateMessage(message);
        }
        if (total > 0) {
            updateProgress(Math.min(done, total), total);
        } else {
            updateProgress(-1, 1);
        }
    };

    public CancellationToken token() {
        return token;
    }

    public ProgressListener progress() {
        return progress;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        token.cancel();
        return super.cancel(false);
    }

    /** A task from a lambda. */
    public static <T> ProgressTask<T> of(Work<T> work) {
        return new ProgressTask<>() {
            @Override
            protected T call() throws Exception {
                return work.run(progress(), token());
            }
        };
    }

    /** Core work with progress and cancellation. */
    @FunctionalInterface
    public interface Work<T> {
        T run(ProgressListener progress, CancellationToken token) throws Exception;
    }
}
