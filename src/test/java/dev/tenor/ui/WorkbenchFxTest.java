package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.io.TenorPaths;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.launch.TrainingProcess;
import dev.tenor.ui.train.TrainingLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/** The window as a whole: shortcuts, log panel, themes, About, remembered settings, closing over a run. */
class WorkbenchFxTest extends WorkbenchFxTestBase {

    private final AtomicReference<TrainingProcess> started = new AtomicReference<>();

    @Override
    WorkbenchSettings settings(TenorPaths p) {
        return WorkbenchSettings.load(p.settingsFile());
    }

    @Override
    TrainingLauncher launcher() {
        return (args, run, listener) -> {
            TrainingProcess p = TrainingLauncher.tenorTrain().start(args, run, listener);
            started.set(p);
            return p;
        };
    }

    @Test
    void shortcutsThemesLogAboutAndSettings() throws Exception {
        for (int i = 1; i <= 5; i++) {
            push(KeyCode.CONTROL, KeyCode.getKeyCode(Integer.toString(i)));
            assertEquals(i - 1, window.tabs().getSelectionModel().getSelectedIndex(), "Ctrl+" + i);
        }
        assertEquals("Models", window.tabs().getSelectionModel().getSelectedItem().getText());

        assertFalse(window.isLogShown());
        push(KeyCode.CONTROL, KeyCode.L);
        assertTrue(window.isLogShown());
        UiTestSupport.waitFor(5, () -> window.logPanel().text().contains("Tenor " + AboutDialog.tenorVersion()
                + ", data folder " + paths.home()));
        push(KeyCode.CONTROL, KeyCode.L);
        assertFalse(window.isLogShown());

        assertEquals(Theme.LIGHT, window.theme());
        assertTrue(window.scene().getStylesheets().get(0).endsWith("/assets/tenor.css"));
        assertTrue(window.scene().getStylesheets().get(1).endsWith("/assets/theme-light.css"));
        push(KeyCode.CONTROL, KeyCode.T);
        assertEquals(Theme.DARK, window.theme());
        assertEquals(2, window.scene().getStylesheets().size());
        assertTrue(window.scene().getStylesheets().get(1).endsWith("/assets/theme-dark.css"));
        // The palette reaches the attention canvas through CSS.
        UiTestSupport.waitFor(5, () -> window.attention().headViewA().colors().background()
                .equals(javafx.scene.paint.Color.web("#1b1d21")));
        assertEquals(javafx.scene.paint.Color.web("#e6e8ec"), window.attention().headViewA().colors().text());

        clickOn("Help").clickOn("About Tenor");
        UiTestSupport.waitFor(5, () -> lookup("#about-1").tryQuery().isPresent());
        assertEquals(paths.home().toString(), lookup("#about-1").queryLabeled().getText(), "the data folder");
        assertEquals(System.getProperty("javafx.runtime.version"), lookup("#about-4").queryLabeled().getText());
        push(KeyCode.ESCAPE);

        // Settings are written to settings.json (atomically, off the FX thread) and read back.
        fx(() -> window.close());
        window = null;
        Path file = paths.settingsFile();
        assertTrue(Files.isRegularFile(file));
        WorkbenchSettings again = WorkbenchSettings.load(file);
        assertEquals("dark", again.get("window.theme", null));
        assertEquals(4, again.getInt("window.tab", -1));
        assertFalse(again.getBoolean("window.log", true));
    }

    @Test
    void closingDuringTrainingCanLeaveTheRunGoing() throws Exception {
        // The real tenor train on a tiny random BERT (two layers of 32), so that steps take milliseconds.
        Path tiny = TinyModels.write(tmp.resolve("tiny"), new SentenceSettings(32, Pooling.MEAN, true, ""), 4).dir();
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("triplets.jsonl"), ("{\"anchor\":\"set an alarm\",\"positive\":\"wake me up\","
                + "\"negative\":\"an alarm set\"}\n").repeat(16));
        push(KeyCode.CONTROL, KeyCode.DIGIT2);
        fx(() -> {
            var vm = window.train().viewModel();
            vm.valueProperty("base").set(tiny.toString());
            vm.valueProperty("triplets").set(dir.toString());
            vm.valueProperty("maxSteps").set("100000");
            vm.valueProperty("epochs").set("1000");
            vm.valueProperty("batchSize").set("4");
            vm.valueProperty("maxSeqLength").set("16");
            vm.valueProperty("validateEvery").set("-1");
        });
        push(KeyCode.CONTROL, KeyCode.ENTER);
        UiTestSupport.waitFor(60, () -> window.train().viewModel().chart().steps() > 0);
        TrainingProcess child = started.get();
        try {
            push(KeyCode.CONTROL, KeyCode.Q);
            UiTestSupport.waitFor(5, () -> lookup("Leave it running").tryQuery().isPresent());
            clickOn("Leave it running");
            UiTestSupport.waitFor(5, () -> !window.stage().isShowing());
            window = null;
            Thread.sleep(500);
            assertTrue(child.isAlive(), "the run goes on without the workbench");
            Path metrics = child.runFolder().resolve("metrics.jsonl");
            long lines = countLines(metrics);
            // a busy machine may pause the child for a while: wait for its next event, don't time a step
            long until = System.nanoTime() + 60_000_000_000L;
            while (countLines(metrics) <= lines && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertTrue(countLines(metrics) > lines, "still writing");
            assertTrue(child.isAlive(), "still running");
        } finally {
            child.kill();
        }
    }

    private static long countLines(Path file) {
        try (var s = Files.lines(file)) {
            return s.count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }
}
