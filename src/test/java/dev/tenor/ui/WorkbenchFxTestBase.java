package dev.tenor.ui;

import dev.tenor.io.TenorPaths;
import dev.tenor.ui.evaluate.EvaluationService;
import dev.tenor.ui.train.TrainingLauncher;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real workbench window for each test, in a fresh Tenor home, with settings kept in memory. */
abstract class WorkbenchFxTestBase extends ApplicationTest {

    @TempDir
    Path tmp;

    TenorPaths paths;
    MainWindow window;
    WorkbenchSettings settings;

    /** The training launcher of the window under test (the Train test replaces it). */
    TrainingLauncher launcher() {
        return TrainingLauncher.tenorTrain();
    }

    /** The evaluation service of the window under test. */
    EvaluationService evaluation(TenorPaths p) {
        return null; // the default
    }

    /** The settings the window starts with (in memory unless a test wants the file). */
    WorkbenchSettings settings(TenorPaths p) {
        return WorkbenchSettings.inMemory();
    }

    @Override
    public void start(Stage stage) throws Exception {
        paths = UiTestSupport.freshHome(tmp);
        settings = settings(paths);
        Workbench wb = Workbench.builder(paths).settings(settings).training(launcher()).evaluation(evaluation(paths))
                .build();
        window = new MainWindow(wb, stage);
        window.show();
    }

    @AfterEach
    void closeWindow() throws Exception {
        if (window != null) {
            WaitForAsyncUtils.asyncFx(() -> window.close()).get();
        }
        UiTestSupport.clearProperties();
    }

    /** Runs {@code r} on the FX thread and waits for it. */
    void fx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get();
    }

    static void later(Runnable r) {
        Platform.runLater(r);
    }
}
