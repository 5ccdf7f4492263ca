package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.eval.EvaluationReport;
import dev.tenor.eval.EvaluationResult;
import dev.tenor.eval.LabelScore;
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
        UiTestSupport.waitFor(30, () -> !vm.job().runningProperty().get() && lookup("#evaluate-error").query().isVisible());
        assertEquals(wrong + ": no train split: expected train.jsonl, train.csv or train.tsv (or .json, .gz)",
                lookup("#evaluate-error-message").queryLabeled().getText());

        clickOn("#evaluate-dataset").push(KeyCode.CONTROL, KeyCode.A).write(mtop.toString());
        typeInSpinner("#evaluate-index-limit", "300");
        typeInSpinner("#evaluate-query-limit", "100");
        assertEquals(300, vm.indexLimitProperty().get());
        assertEquals(100, vm.queryLimitProperty().get());

        TableView<EvaluationResult> results = lookup("#results-table").queryTableView();
        try (FxWatchdog watchdog = FxWatchdog.start(10, ms -> { })) {
            push(KeyCode.CONTROL, KeyCode.ENTER);
            UiTestSupport.waitFor(120, () -> !vm.job().runningProperty().get() && vm.reportProperty().get() != null);
            sleep(500); // the results are laid out and drawn
            UiTestSupport.assertResponsive(watchdog, "an evaluation");
        }
        assertEquals("", vm.job().errorProperty().get());
        EvaluationReport r = vm.reportProperty().get();
        assertEquals(300, r.dataset().trainSentences());
        assertEquals(100, r.dataset().queries());
        assertEquals(1, results.getItems().size());
        EvaluationResult s = results.getItems().get(0);
        assertEquals("all-MiniLM-L6-v2", s.model());
        double top1 = s.top(1);
        assertTrue(top1 > 0.4 && top1 <= s.top(2) && s.top(2) <= s.top(3) && s.top(3) <= 1, "top-k " + s.topK());
        assertEquals(100, s.topK().queries());
        assertEquals("Intent retrieval on mtop_intent/en: 300 training sentences indexed, 100 test queries; exact = "
                + "cosine, all training sentences (ground truth)", lookup("#evaluate-summary").queryLabeled().getText());

        // Per-label accuracy adds up to the queries; confusions are the top-1 misses.
        TableView<LabelScore> labels = lookup("#label-table").queryTableView();
        assertEquals(100, labels.getItems().stream().mapToInt(LabelScore::queries).sum());
        assertEquals(s.topK().correct()[0], labels.getItems().stream().mapToInt(l -> l.correct()[0]).sum());
        assertEquals(s.topK().correct()[2], labels.getItems().stream().mapToInt(l -> l.correct()[2]).sum(),
                "per label at k = 3 too");
        TableView<dev.tenor.eval.LabelConfusion> confusions = lookup("#confusion-table").queryTableView();
        assertTrue(!confusions.getItems().isEmpty());
        assertTrue(confusions.getItems().stream().mapToInt(dev.tenor.eval.LabelConfusion::count).sum()
                <= 100 - s.topK().correct()[0]);
        clickOn(from(confusions).lookup(".table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        assertEquals(0, confusions.getSelectionModel().getSelectedIndex());
        javafx.scene.control.ListView<String> examples = lookup("#confusion-examples").queryListView();
        assertTrue(!examples.getItems().isEmpty() && examples.getItems().get(0).contains("nearest:"));

        // The chart has one series per model with top-1..3.
        javafx.scene.chart.BarChart<?, ?> chart = lookup("#results-chart").query();
        assertEquals(1, chart.getData().size());
        assertEquals(3, chart.getData().get(0).getData().size());
    }

    /**
     * One report type, one writer: the tab's export and {@code tenor evaluate --out} with the same settings
     * write the same three files, byte for byte but for the run's clock (creation time, timings).
     */
    @Test
    void theTabsExportEqualsTheCommandLinesReport() throws Exception {
        Path atis = UiTestSupport.sharedData().resolve("atis");
        var vm = window.evaluate().viewModel();
        fx(() -> {
            vm.datasetProperty().set(atis.toString());
            vm.exactProperty().set(true);
            vm.annoyProperty().set(true);
            vm.indexLimitProperty().set(400);
            vm.queryLimitProperty().set(120);
            vm.useCacheProperty().set(false);
        });
        fx(vm::run);
        UiTestSupport.waitFor(300, () -> !vm.job().runningProperty().get() && vm.reportProperty().get() != null);
        assertEquals("", vm.job().errorProperty().get());
        assertEquals(2, vm.reportProperty().get().results().size(), "exact and Annoy, as the command runs them");
        Path fromTab = tmp.resolve("tab-report");
        java.util.concurrent.CompletableFuture<String> saved = new java.util.concurrent.CompletableFuture<>();
        fx(() -> vm.writeReport(vm.reportProperty().get(), fromTab, saved::complete));
        assertTrue(saved.get(60, java.util.concurrent.TimeUnit.SECONDS).startsWith("Saved "), saved.get());

        Path fromCli = tmp.resolve("cli-report");
        int code = dev.tenor.cli.TenorCommand.commandLine().execute("evaluate", "--model", "all-MiniLM-L6-v2",
                "--dataset", atis.toString(), "--index", "both", "--sample-index", "400", "--sample-queries", "120",
                "--no-cache", "--out", fromCli.toString());
        assertEquals(0, code);
        for (String file : java.util.List.of("report.json", "report.csv", "report.md")) {
            String a = withoutTheClock(java.nio.file.Files.readString(fromTab.resolve(file)));
            String b = withoutTheClock(java.nio.file.Files.readString(fromCli.resolve(file)));
            assertEquals(b, a, file);
        }
    }

    /** Masks what only the clock decides: the creation time and the seconds each stage took. */
    private static String withoutTheClock(String report) {
        return report.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "TIME")
                .replaceAll("(\"(embed_train|embed_test|index_build|query|total)\" : )[0-9.Ee-]+", "$1S")
                .replaceAll(",[0-9]+\\.[0-9]{3},[0-9]+\\.[0-9]{3},[0-9]+\\.[0-9]{3},[0-9]+\\.[0-9]{3},[0-9]+\\.[0-9]{3},",
                        ",S,S,S,S,S,")
                .replaceAll("embedding train [0-9.]+ s", "embedding train S s")
                .replaceAll("test [0-9.]+ s \\(", "test S s (")
                .replaceAll("index build [0-9.]+ s; queries [0-9.]+ s", "index build S s; queries S s")
                .replaceAll("\\| [0-9]+\\.[0-9]{2} \\|\\n", "| S |\n");
    }

    private void typeInSpinner(String id, String text) {
        clickOn(id + " .text-field").push(KeyCode.CONTROL, KeyCode.A).write(text).push(KeyCode.ENTER);
    }
}
