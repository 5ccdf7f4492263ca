package dev.tenor.ui;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A tab's one background job at a time: whether it runs, the current task (for the progress bar and the
 * cancel button) and the last error. A view-model starts its work here and gets the value on the FX thread;
 * the view binds its buttons and {@link TaskFeedback} to the properties.
 */
public final class BackgroundJob {

    private final Background background;
    private final WorkbenchLog log;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ProgressTask<?>> task = new ReadOnlyObjectWrapper<>();

    public BackgroundJob(Background background, WorkbenchLog log) {
        this.background = background;
        this.log = log;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The last failure's text; empty when the last start succeeded or has not ended. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ProgressTask<?>> taskProperty() {
        return task.getReadOnlyProperty();
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Shows {@code message} as the error (a request that is not valid, found before anything starts). */
    public void reject(String message) {
        error.set(message);
    }

    /**
     * Runs {@code t} on the work pool. When it succeeds, {@code succeeded} gets its value; when it fails, the
     * error shows and the log says "{@code what} failed: ..."; when it is cancelled, {@code cancelled} runs.
     * Each after the job has stopped running.
     */
    public <T> ProgressTask<T> start(ProgressTask<T> t, String what, Consumer<T> succeeded, Runnable cancelled) {
        error.set("");
        running.set(true);
        task.set(t);
        t.setOnSucceeded(e -> {
            running.set(false);
            succeeded.accept(t.getValue());
        });
        t.setOnFailed(e -> {
            running.set(false);
            error.set(Errors.describe(t.getException()));
            log.info(what + " failed: " + Errors.describe(t.getException()));
        });
        t.setOnCancelled(e -> {
            running.set(false);
            cancelled.run();
        });
        background.run(t);
        return t;
    }

    /** {@link #start(ProgressTask, String, Consumer, Runnable)} with nothing more to do on a cancel. */
    public <T> ProgressTask<T> start(ProgressTask<T> t, String what, Consumer<T> succeeded) {
        return start(t, what, succeeded, () -> { });
    }

    /** Cancels the current task, if it runs. */
    public void cancel() {
        ProgressTask<?> t = task.get();
        if (t != null && t.isRunning()) {
            t.cancel();
        }
    }
}
