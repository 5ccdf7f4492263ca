package dev.tenor.ui;

import java.io.IOException;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Saves a file off the FX thread, logs how it went and hands the same sentence to the view on the FX thread
 * (for a status line): "Saved ..." from the work, or "Cannot save WHAT: why".
 */
public final class BackgroundSave {

    /** Writes the files and says what it saved. */
    @FunctionalInterface
    public interface Work {
        String save() throws IOException;
    }

    private BackgroundSave() {
    }

    public static void run(Background background, WorkbenchLog log, String what, Work work, Consumer<String> done) {
        background.run(() -> {
            String message;
            try {
                message = work.save();
            } catch (IOException | RuntimeException e) {
                message = "Cannot save " + what + ": " + e.getMessage();
            }
            log.info(message);
            String m = message;
            Platform.runLater(() -> done.accept(m));
        });
    }
}
