package dev.tenor.ui;

import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The JavaFX application. Start it with {@link WorkbenchLauncher#main} or {@code tenor workbench}; a hidden
 * option {@code --screenshot-dir DIR} takes a screenshot of each tab after start-up and exits.
 */
public final class WorkbenchApp extends Application {

    private MainWindow window;

    @Override
    public void start(Stage stage) {
        Workbench wb = Workbench.create();
        window = new MainWindow(wb, stage);
        window.stage().setOnHidden(e -> Platform.exit());
        window.show();
        String dir = option(getParameters().getRaw(), "--screenshot-dir");
        if (dir != null) {
            new ScreenshotTour(window, Path.of(dir)).start();
        } else if (!ModelFolder.looksLikeModel(wb.store().builtinFolder(BuiltinModel.DEFAULT))) {
            // First start: bring in the offline default model now, so every tab can use it at once.
            window.models().importBuiltin(BuiltinModel.DEFAULT);
        }
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
    }

    static String option(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(name) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith(name + "=")) {
                return args.get(i).substring(name.length() + 1);
            }
        }
        return null;
    }
}
