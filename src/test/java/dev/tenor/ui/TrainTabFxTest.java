package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.train.RunFolders;
import dev.tenor.train.TrainOptions;
import dev.tenor.launch.TrainingProcess;
import dev.tenor.ui.train.TrainingLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/**
 * Starts a short training run from the Train tab, watches the charts fill, stops it, resumes it, and sees a
 * crash reported with its last log lines.
 *
 * <p>The child process is the real {@code tenor train} on the default model; the crash is a real one too
 * (the child is killed with SIGKILL).
 */
class TrainTabFxTest extends WorkbenchFxTestBase {

    @Override
    TrainingLauncher launcher() {
        return TrainingLauncher.tenorTrain();
    }

    private Path triplets() throws Exception {
        Path dir = tmp.resolve("triplets");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("dev.jsonl"), "{\"anchor\":\"Berlin is the capital of Germany\",\"positive\":"
                + "\"Madrid is the capital of Spain\",\"negative\":\"Germany borders Berlin\"}\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            sb.append("{\"anchor\":\"Paris is the capital of France ").append(i).append("\",\"positive\":\"Rome is the "
                    + "capital of Italy\",\"negative\":\"France borders Paris\",\"relation\":\"P1376\","
                    + "\"relation_name\":\"capital of\",\"anchor_index\":").append(i).append(",\"other_index\":0}\n");
        }
        Files.writeString(dir.resolve("triplets.jsonl"), sb.toString());
        return dir;
    }

    @Test
    void everyTrainingOptionHasAControlShowingItsDefault() {
        push(KeyCode.CONTROL, KeyCode.DIGIT2);
        for (TrainOptions.Spec s : TrainOptions.ALL) {
            javafx.scene.Node n = lookup("#train-" + s.name()).query();
            String shown = n instanceof javafx.scene.control.TextInputControl t ? t.getText()
                    : n instanceof javafx.scene.control.ComboBoxBase<?> c ? String.valueOf(c.getValue())
                    : n instanceof javafx.scene.control.ChoiceBox<?> c ? String.valueOf(c.getValue())
                    : n instanceof javafx.scene.control.CheckBox c ? Boolean.toString(c.isSelected())
                    : "a " + n.getClass().getSimpleName();
            assertEquals(s.defaultValue(), shown, s.flag());
        }
    }

    @Test
    void startsFollowsStopsAndResumesARun() throws Exception {
        Path data = triplets();
        push(KeyCode.CONTROL, KeyCode.DIGIT2);
        assertEquals(1, window.tabs().getSelectionModel().getSelectedIndex());
        var vm = window.train().viewModel();

        // Bad values are refused with a clear message, and the field is marked.
        clickOn("#train-batchSize").push(KeyCode.CONTROL, KeyCode.A).write("abc");
        clickOn("#train-triplets").push(KeyCode.CONTROL, KeyCode.A).write(data.toString());
        clickOn("#train-start");
        assertFalse(vm.isRunning());
        assertEquals("Fix the form first: Batch size: 'abc' is not a whole number",
                lookup("#train-error-message").queryLabeled().getText());
        assertTrue(lookup("#train-batchSize").query().getPseudoClassStates().contains(Forms.INVALID));
        clickOn("#train-batchSize").push(KeyCode.CONTROL, KeyCode.A).write("8");
        clickOn("#train-maxSteps").push(KeyCode.CONTROL, KeyCode.A).write("30");
        clickOn("#train-maxSeqLength").push(KeyCode.CONTROL, KeyCode.A).write("32");

        try (FxWatchdog watchdog = FxWatchdog.start(10, ms -> { })) {
            push(KeyCode.CONTROL, KeyCode.ENTER);
            UiTestSupport.waitFor(180, () -> vm.chart().loss().getData().size() >= 8);
            UiTestSupport.assertResponsive(watchdog, "a training run");
        }
        assertTrue(vm.isRunning());
        assertTrue(vm.chart().smoothedLoss().getData().size() >= 8);
        assertTrue(vm.chart().learningRate().getData().size() >= 8);
        assertTrue(vm.chart().devAccuracy().getData().size() >= 1, "dev accuracy before training");
        assertTrue(lookup("#train-progress").queryLabeled().getText().startsWith("step "));
        Path run = vm.runFolderProperty().get();
        assertTrue(run.startsWith(paths.runs()), run.toString());

        // Esc asks the run to stop: it saves a checkpoint and exits.
        push(KeyCode.ESCAPE);
        UiTestSupport.waitFor(180, () -> !vm.isRunning());
        String state = lookup("#train-state").queryLabeled().getText();
        assertTrue(state.startsWith("Stopped at step "), state);
        int stoppedAt = Integer.parseInt(state.substring("Stopped at step ".length(), state.indexOf(';')));
        assertEquals(stoppedAt, (int) vm.chart().loss().getData().get(vm.chart().loss().getData().size() - 1)
                .getXValue().doubleValue());
        assertTrue(Files.isRegularFile(run.resolve("train.log")));
        assertTrue(Files.isDirectory(run.resolve("checkpoints/step-" + stoppedAt)));

        // The run is listed; Resume continues it to the end.
        TableView<RunFolders.Run> runs = lookup("#runs-table").queryTableView();
        UiTestSupport.waitFor(10, () -> runs.getItems().size() == 1);
        assertEquals(RunFolders.Status.STOPPED, runs.getItems().get(0).status());
        UiTestSupport.waitFor(5, () -> from(runs).lookup(".table-row-cell").tryQuery().isPresent());
        clickOn(from(runs).lookup(".table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        assertEquals("from step " + stoppedAt, lookup("#train-checkpoint").queryComboBox().getConverter()
                .toString(lookup("#train-checkpoint").queryComboBox().getValue()));
        clickOn("#train-resume");
        UiTestSupport.waitFor(600, () -> !vm.isRunning() && runs.getItems().size() == 1
                && runs.getItems().get(0).status() == RunFolders.Status.DONE);
        state = lookup("#train-state").queryLabeled().getText();
        assertTrue(state.startsWith("Done: done at step "), state);
        assertTrue(window.logPanel().text().contains("tenor train --resume " + run.resolve("checkpoints/step-"
                + stoppedAt) + " --device cpu"), "resumed from the chosen checkpoint");
        // The chart shows the whole run: the steps before the stop and after the resume, each once.
        List<Integer> steps = vm.chart().loss().getData().stream().map(d -> d.getXValue().intValue()).toList();
        int last = steps.get(steps.size() - 1);
        assertTrue(last > stoppedAt, "resumed past " + stoppedAt + ": " + last);
        assertEquals(java.util.stream.IntStream.rangeClosed(1, last).boxed().toList(), steps);
        UiTestSupport.waitFor(10, () -> window.workbench().models().names().contains("runs/" + run.getFileName()));
        assertEquals("runs/" + run.getFileName(), window.workbench().models().latestRunProperty().get(),
                "the trained model is offered to the other tabs");
    }

    @Test
    void aCrashShowsTheLastLogLinesAndTheWorkbenchStaysUp() throws Exception {
        Path data = triplets();
        push(KeyCode.CONTROL, KeyCode.DIGIT2);
        var vm = window.train().viewModel();
        fx(() -> vm.valueProperty("triplets").set(data.toString()));
        fx(() -> vm.valueProperty("maxSteps").set("400"));
        fx(() -> vm.valueProperty("batchSize").set("8"));
        fx(() -> vm.valueProperty("maxSeqLength").set("32"));
        clickOn("#train-start");
        // a real crash: the trainer process dies without warning once it has reported a few steps
        UiTestSupport.waitFor(180, () -> vm.chart().loss().getData().size() >= 3);
        // the only child JVM of this test at this point is the trainer
        List<ProcessHandle> children = ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").endsWith("java")).toList();
        assertEquals(1, children.size(), "one trainer process");
        children.get(0).destroyForcibly();
        UiTestSupport.waitFor(60, () -> !vm.isRunning() && lookup("#train-error").query().isVisible());
        String details = lookup("#train-error-details").queryTextInputControl().getText();
        assertEquals("Training failed (exit code 137). The last lines of its log are below; the full log is "
                + "train.log in the run folder.", lookup("#train-error-message").queryLabeled().getText());
        assertTrue(details.contains("\"loss\""), details);
        assertEquals("Failed.", lookup("#train-state").queryLabeled().getText());
        // Still usable: another tab works.
        push(KeyCode.CONTROL, KeyCode.DIGIT5);
        assertEquals(4, window.tabs().getSelectionModel().getSelectedIndex());
    }
}
