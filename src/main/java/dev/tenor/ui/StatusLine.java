package dev.tenor.ui;

import java.time.Duration;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.controlsfx.control.StatusBar;

/**
 * The status bar: what the workbench is doing (the latest task's message and progress) or did last, and
 * where its data folder is.
 */
public final class StatusLine {

    private final StatusBar bar = new StatusBar();
    private final Label right = new Label();
    private Task<?> tracked;

    public StatusLine() {
        bar.setId("status-bar");
        bar.getStyleClass().add("status-bar");
        bar.setText("Ready");
        bar.setProgress(0);
        bar.getRightItems().add(right);
        right.getStyleClass().add("muted");
    }

    public Node node() {
        return bar;
    }

    public String text() {
        return bar.getText();
    }

    /** Right-hand note, such as the data folder. */
    public void setNote(String note) {
        right.setText(note);
    }

    /** Shows a message (and no progress). */
    public void show(String message) {
        if (tracked != null) {
            bar.textProperty().unbind();
            bar.progressProperty().unbind();
            tracked = null;
        }
        bar.setText(message);
        bar.setProgress(0);
    }

    /** Follows {@code task}'s message and progress until it ends, then says how it ended. */
    public void track(String what, Task<?> task) {
        show(what + "...");
        tracked = task;
        long started = System.nanoTime();
        bar.textProperty().bind(task.messageProperty().map(m -> m == null || m.isBlank() ? what + "..." : what
                + ": " + m));
        bar.progressProperty().bind(task.progressProperty());
        task.stateProperty().addListener((obs, was, now) -> {
            if (tracked != task) {
                return;
            }
            if (now == Worker.State.SUCCEEDED) {
                show(what + ": done in " + seconds(System.nanoTime() - started));
            } else if (now == Worker.State.FAILED) {
                show(what + " failed: " + Errors.describe(task.getException()));
            } else if (now == Worker.State.CANCELLED) {
                show(what + ": cancelled");
            }
        });
    }

    static String seconds(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return d.toSeconds() >= 60 ? d.toMinutes() + " min " + d.toSecondsPart() + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
