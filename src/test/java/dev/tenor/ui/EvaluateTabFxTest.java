package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.eval.LabelAccuracy;
import dev.tenor.ui.evaluate.EvaluationReport;
import java.nio.file.Path;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/** Evaluates the default model on a small slice of MTOP English from the Evaluate tab. */
class EvaluateTabFxTest extends WorkbenchFxTestBase {

    @Test
    void evaluatesTheDefaultModelOnASliceOfMtop() throws Exception {
        Path mtop = UiTestSupport.sharedData().resolve("mtop_intent/en");
        push(KeyCode.CONTROL, KeyCode.DIGIT3);
        assertEquals(2, window.tabs().getSelectionModel().getSelectedIndex());
        var vm = window.evaluate().viewModel();
        assertEquals(java.util.List.of("all-MiniLM-L6-v2"), vm.chosenModels(), "the default model is ticked");
        assertEquals(mtop.toString(), lookup("#evaluate-dataset").queryTextInputControl().getText(),
                "MTOP English is the default dataset where the shared data is");

        // A folder without intent splits: a clear message, nothing else changes.
        Path wrong = UiTestSupport.sharedData().resolve("fewrel");
        clickOn("#evaluate-dataset").push(KeyCode.CONTROL, KeyCode.A).write(wrong.toString());
        clickOn("#evaluate-run");
        UiTestSupport.waitFor(30, () -> !vm.runningProperty().get() && lookup("#evaluate-error").query().isVisible());
        assertEquals(wrong + ": no train split: expected train.jsonl, train.csv or train.tsv (or .json, .gz)",
                lookup("#evaluate-error-message").queryLabeled().getText());

        clickOn("#evaluate-dataset").push(KeyCode.CONTROL, KeyCode.A).write(mtop.toString());
        typeInSpinner("#evaluate-index-limit", "300");
        typeInSpinner("#evaluate-query-limit", "100");
        assertEquals(300, vm.indexLimitProperty().get());
        assertEquals(100, vm.queryLimitProperty().get());

        TableView<EvaluationReport.ModelScores> results = lookup("#results-table").queryTableView();
        try (FxWatchdog watchdog = FxWatchdog.start(10, ms -> { })) {
            push(KeyCode.CONTROL, KeyCode.ENTER);
            UiTestSupport.waitFor(120, () -> !vm.runningProperty().get() && vm.reportProperty().get() != null);
            sleep(500); // the results are laid out and drawn
            UiTestSupport.assertResponsive(watchdog, "an evaluation");
        }
        assertEquals("", vm.errorProperty().get());
        EvaluationReport r = vm.reportProperty().get();
        assertEquals(300, r.indexSize());
        assertEquals(100, r.queries());
        assertEquals(1, results.getItems().size());
        EvaluationReport.ModelScores s = results.getItems().get(0);
        assertEquals("all-MiniLM-L6-v2", s.model());
        double top1 = s.top(1);
        assertTrue(top1 > 0.4 && top1 <= s.top(2) && s.top(2) <= s.top(3) && s.top(3) <= 1, "top-k " + s.accuracy());
        assertEquals(100, s.accuracy().queries());
        assertEquals("mtop_intent/en: 300 index sentences, 100 queries, exact search",
                lookup("#evaluate-summary").queryLabeled().getText());

        // Per-label accuracy adds up to the queries; confusions are the top-1 misses.
        TableView<LabelAccuracy> labels = lookup("#label-table").queryTableView();
        assertEquals(100, labels.getItems().stream().mapToInt(LabelAccuracy::queries).sum());
        assertEquals(s.accuracy().correct()[0], labels.getItems().stream().mapToInt(LabelAccuracy::correct).sum());
        TableView<dev.tenor.eval.LabelConfusion> confusions = lookup("#confusion-table").queryTableView();
        assertTrue(!confusions.getItems().isEmpty());
        assertTrue(confusions.getItems().stream().mapToInt(dev.tenor.eval.LabelConfusion::count).sum()
                <= 100 - s.accuracy().correct()[0]);
        clickOn(from(confusions).lookup(".table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        assertEquals(0, confusions.getSelectionModel().getSelectedIndex());
        javafx.scene.control.ListView<String> examples = lookup("#confusion-examples").queryListView();
        assertTrue(!examples.getItems().isEmpty() && examples.getItems().get(0).contains("nearest:"));

        // The chart has one series per model with top-1..3.
        javafx.scene.chart.BarChart<?, ?> chart = lookup("#results-chart").query();
        assertEquals(1, chart.getData().size());
        assertEquals(3, chart.getData().get(0).getData().size());
    }

    private void typeInSpinner(String id, String text) {
        clickOn(id + " .text-field").push(KeyCode.CONTROL, KeyCode.A).write(text).push(KeyCode.ENTER);
    }
}
