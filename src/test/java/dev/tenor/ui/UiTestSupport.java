package dev.tenor.ui;

import dev.tenor.TestEnvironment;

import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelStore;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import org.testfx.util.WaitForAsyncUtils;

/** Shared set-up of the workbench's UI tests: a fresh Tenor home per test with the default model at hand. */
final class UiTestSupport {

    private UiTestSupport() {
    }

    /** The shared real data ({@code ../shared/data}); the test is skipped without it. */
    static Path sharedData() {
        Path p = Path.of("../shared/data").toAbsolutePath().normalize();
        TestEnvironment.needData(p);
        return p;
    }

    /** The default model imported once into target/ (kept between test runs; the import takes two seconds). */
    static synchronized Path defaultModel() throws IOException {
        Path cacheHome = Path.of("target/ui-test-models").toAbsolutePath();
        ModelStore store = new ModelStore(new TenorPaths(cacheHome));
        return store.resolve(BuiltinModel.DEFAULT.modelName(), ProgressListener.NONE).dir();
    }

    /** A fresh Tenor home under {@code tmp} whose {@code models/} links to the imported default model. */
    static TenorPaths freshHome(Path tmp) throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("models"));
        Files.createSymbolicLink(home.resolve("models").resolve(BuiltinModel.DEFAULT.modelName()), defaultModel());
        System.setProperty("tenor.home", home.toString());
        System.setProperty("tenor.shared.data", Path.of("../shared/data").toAbsolutePath().normalize().toString());
        return new TenorPaths(home);
    }

    static void clearProperties() {
        System.clearProperty("tenor.home");
        System.clearProperty("tenor.shared.data");
    }

    /** Waits for {@code condition} (checked on the FX thread) up to {@code seconds}. */
    static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    /**
     * Asserts the FX thread was neither working nor waiting in Tenor's code for 100 ms or more at a stretch
     * while {@code during} ran, and that no single stretch of the thread's work, the toolkit's layout and
     * drawing included, froze the window for long; prints what the watchdog measured.
     */
    static void assertResponsive(FxWatchdog w, String during) {
        String seen = "FX thread during " + during + ": busy at most " + w.maxBusyMillis() + " ms (in Tenor's code "
                + w.maxTenorBusyMillis() + " ms), waiting at most " + w.maxWaitingMillis()
                + " ms, longest wait for the thread " + w.maxDelayMillis() + " ms, " + w.probes() + " probes";
        System.out.println("watchdog: " + seen);
        org.junit.jupiter.api.Assertions.assertTrue(w.probes() > 20, seen);
        org.junit.jupiter.api.Assertions.assertTrue(w.maxTenorBusyMillis() < FxWatchdog.STALL_MILLIS, seen);
        org.junit.jupiter.api.Assertions.assertTrue(w.maxWaitingMillis() < FxWatchdog.STALL_MILLIS, seen);
        // The toolkit lays out and draws a new results table and chart in one pulse; under Monocle's headless
        // screen the frame copy runs on this thread too: 88-114 ms were measured on a loaded 2-core machine.
        org.junit.jupiter.api.Assertions.assertTrue(w.maxBusyMillis() < TOOLKIT_PULSE_LIMIT_MILLIS, seen);
    }

    /** The longest one pulse of the toolkit's own layout and drawing may take in a test. */
    static final long TOOLKIT_PULSE_LIMIT_MILLIS = 400;

    /** Pixels of {@code image} that differ from {@code background} by more than a little. */
    static int inked(Image image, Color background) {
        PixelReader r = image.getPixelReader();
        int n = 0;
        for (int y = 0; y < (int) image.getHeight(); y++) {
            for (int x = 0; x < (int) image.getWidth(); x++) {
                Color c = r.getColor(x, y);
                double d = Math.abs(c.getRed() - background.getRed()) + Math.abs(c.getGreen() - background.getGreen())
                        + Math.abs(c.getBlue() - background.getBlue());
                if (d > 0.03) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Pixels that differ between two images of the same size. */
    static int differing(Image a, Image b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return Integer.MAX_VALUE;
        }
        PixelReader ra = a.getPixelReader();
        PixelReader rb = b.getPixelReader();
        int n = 0;
        for (int y = 0; y < (int) a.getHeight(); y++) {
            for (int x = 0; x < (int) a.getWidth(); x++) {
                if (ra.getArgb(x, y) != rb.getArgb(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }
}
