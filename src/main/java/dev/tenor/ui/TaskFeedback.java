package dev.tenor.ui;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;

/**
 * What a tab shows under its form while its background task runs: a progress bar and message bound to
 * the current task, and an error box that follows the job's error text.
 */
public final class TaskFeedback {

    private TaskFeedback() {
    }

    /**
     * @param id prefix of the node ids ({@code ID-progress}, {@code ID-error})
     * @return the progress bar, the message and the error box, in that order
     */
    public static List<Node> nodes(String id, BackgroundJob job) {
        ReadOnlyObjectProperty<ProgressTask<?>> task = job.taskProperty();
        ProgressBar progress = new ProgressBar(0);
        progress.setId(id + "-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        Label message = new Label();
        message.getStyleClass().add("muted");
        task.addListener((o, was, t) -> {
            progress.progressProperty().unbind();
            message.textProperty().unbind();
            if (t != null) {
                progress.progressProperty().bind(t.progressProperty());
                message.textProperty().bind(t.messageProperty());
            }
        });
        progress.visibleProperty().bind(job.runningProperty());
        ErrorBox box = new ErrorBox(id + "-error");
        job.errorProperty().addListener((o, was, now) -> {
            if (now == null || now.isEmpty()) {
                box.clear();
            } else {
                box.show(now);
            }
        });
        return List.of(progress, message, box);
    }
}
