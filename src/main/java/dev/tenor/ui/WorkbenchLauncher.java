package dev.tenor.ui;

import dev.tenor.model.DjlSetup;
import javafx.application.Application;

/**
 * A plain main class for the workbench. JavaFX refuses to start an {@link Application} subclass as the main
 * class from the class path ("JavaFX runtime components are missing"); starting it from here works.
 */
public final class WorkbenchLauncher {

    private WorkbenchLauncher() {
    }

    public static void main(String[] args) {
        launch(args);
    }

    /** The report of a screenshot tour into {@code dir} ({@code --screenshot-dir}), or null. */
    public static String screenshotReport(java.nio.file.Path dir) {
        return ScreenshotTour.report(dir);
    }

    /** Prepares DJL and the UI's thread budget, then runs the workbench until its window closes. */
    public static void launch(String[] args) {
        DjlSetup.init();
        leaveACoreForTheUi();
        Application.launch(WorkbenchApp.class, args);
    }

    /**
     * PyTorch uses every core by default; with an encoder busy on all of them the UI thread waits for the
     * scheduler. Unless the user chose a number, leave one core free.
     */
    static void leaveACoreForTheUi() {
        int cores = Runtime.getRuntime().availableProcessors();
        String key = "ai.djl.pytorch.num_threads";
        if (cores > 1 && Integer.toString(cores).equals(System.getProperty(key))
                && System.getenv("OMP_NUM_THREADS") == null) {
            System.setProperty(key, Integer.toString(cores - 1));
        }
    }
}
