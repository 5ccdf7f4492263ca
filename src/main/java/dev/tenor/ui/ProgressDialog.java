package dev.tenor.ui;

import dev.tenor.task.ProgressListener;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import javafx.stage.Window;

/**
 * A small progress window for work that is usually instant but sometimes is not (importing a built-in model
 * on first use): it opens on the first progress report, from any thread, and closes with {@link #close()}.
 */
public final class ProgressDialog implements ProgressListener, AutoCloseable {

    private record Update(long done, long total, String message) {
    }

    private final Supplier<Window> owner;
    private final String title;
    private final AtomicReference<Update> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    private Stage stage;
    private ProgressBar bar;
    private Label label;

    public ProgressDialog(Supplier<Window> owner, String title) {
        this.owner = owner;
        this.title = title;
    }

    @Override
    public void progress(long done, long total, String message) {
        if (closed) {
            return;
        }
        latest.set(new Update(done, total, message));
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::update);
        }
    }

    private void update() {
        scheduled.set(false);
        Update u = latest.get();
        if (closed || u == null) {
            return;
        }
        if (stage == null) {
            stage = new Stage(StageStyle.UTILITY);
            stage.setTitle(title);
            Window w = owner.get();
            if (w != null) {
                stage.initOwner(w);
                if (w.getScene() != null) {
                    stage.setOnShown(e -> stage.getScene().getStylesheets().setAll(w.getScene().getStylesheets()));
                }
            }
            bar = new ProgressBar(-1);
            bar.setPrefWidth(360);
            label = new Label();
            label.setWrapText(true);
            Label what = new Label(title);
            what.getStyleClass().add("title");
            VBox box = new VBox(10, what, bar, label);
            box.setPadding(new Insets(16));
            box.setId("progress-dialog");
            stage.setScene(new Scene(box));
            stage.show();
        }
        bar.setProgress(u.total() > 0 ? (double) u.done() / u.total() : -1);
        label.setText(u.message() == null ? "" : u.message());
    }

    /** True once the window has been opened (tests). */
    public boolean wasShown() {
        return stage != null;
    }

    @Override
    public void close() {
        closed = true;
        Platform.runLater(() -> {
            if (stage != null) {
                stage.close();
            }
        });
    }
}
