package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.data.FewRelData;
import dev.tenor.data.FewRelInstance;
import dev.tenor.data.FewRelReader;
import dev.tenor.data.Sentences;
import dev.tenor.ui.dataset.EntityHighlights;
import dev.tenor.ui.dataset.TripletRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;

/** Builds a dataset from FewRel's validation file as a user would, and checks the table, chart and highlights. */
class DatasetTabFxTest extends WorkbenchFxTestBase {

    @Test
    void buildsValWikiAndShowsHighlightedSearchableTriplets() throws Exception {
        Path val = UiTestSupport.sharedData().resolve("fewrel/val_wiki.json");
        push(KeyCode.CONTROL, KeyCode.DIGIT1);
        assertEquals(0, window.tabs().getSelectionModel().getSelectedIndex());
        TableView<TripletRow> table = lookup("#triplet-table").queryTableView();
        assertEquals(0, table.getItems().size());

        clickOn("#dataset-fewrel").push(KeyCode.CONTROL, KeyCode.A).write(val.toString());
        Path out = paths.data().resolve("datasets/val_wiki");
        assertEquals(out.toString(), lookup("#dataset-out").queryTextInputControl().getText(),
                "the output folder follows the FewRel file");
        assertEquals(val.resolveSibling("pid2name.json").toString(),
                lookup("#dataset-names").queryTextInputControl().getText(), "pid2name.json found beside it");
        clickOn("#dataset-build");
        try {
            UiTestSupport.waitFor(60, () -> !window.dataset().viewModel().job().runningProperty().get());
        } finally {
            assertEquals("", window.dataset().viewModel().job().errorProperty().get());
        }

        assertEquals(11_200, table.getItems().size());
        assertEquals("10,640 training + 560 dev triplets from 11,200 instances of 16 relations; none skipped",
                lookup("#dataset-summary").queryLabeled().getText());
        assertEquals(16, window.dataset().chartBars());
        assertTrue(Files.isRegularFile(out.resolve("triplets.jsonl")));
        assertTrue(Files.isRegularFile(out.resolve("dev.jsonl")));
        assertEquals(out.toString(), window.train().viewModel().valueProperty("triplets").get(),
                "the Train tab takes the new dataset");

        // The swapped entities are located where the builder put them.
        FewRelData data = FewRelReader.read(val);
        TripletRow first = table.getItems().get(0);
        FewRelInstance a = data.relations().stream().filter(r -> r.id().equals(first.triplet().relation())).findFirst()
                .orElseThrow().instances().stream().filter(i -> i.index() == first.triplet().anchorIndex()).findFirst()
                .orElseThrow();
        FewRelInstance b = data.relations().stream().filter(r -> r.id().equals(first.triplet().relation())).findFirst()
                .orElseThrow().instances().stream().filter(i -> i.index() == first.triplet().otherIndex()).findFirst()
                .orElseThrow();
        assertTrue(first.anchorSpans().stream().anyMatch(s -> s.role() == EntityHighlights.Role.HEAD
                && spanText(first.triplet().anchor(), s).equals(Sentences.join(a.headTokens()))), "a's head");
        assertTrue(first.anchorSpans().stream().anyMatch(s -> s.role() == EntityHighlights.Role.TAIL
                && spanText(first.triplet().anchor(), s).equals(Sentences.join(a.tailTokens()))), "a's tail");
        assertTrue(first.positiveSpans().stream().anyMatch(s -> spanText(first.triplet().positive(), s)
                .equals(Sentences.join(b.headTokens()))), "b's head is in the positive");
        assertTrue(first.negativeSpans().stream().anyMatch(s -> spanText(first.triplet().negative(), s)
                .equals(Sentences.join(a.tailTokens()))), "a's tail is in the negative");
        List<String> shownHeads = lookup(".entity-head").queryAllAs(Text.class).stream().map(Text::getText).toList();
        assertTrue(shownHeads.contains(Sentences.join(a.headTokens())), "highlighted in the table: " + shownHeads);

        clickOn("#dataset-search").write("Thames");
        UiTestSupport.waitFor(10, () -> table.getItems().size() < 11_200);
        int found = table.getItems().size();
        assertTrue(found > 0 && found < 200, "rows with Thames: " + found);
        assertTrue(table.getItems().stream().allMatch(r -> (r.triplet().anchor() + r.triplet().positive()
                + r.triplet().negative()).toLowerCase().contains("thames")));

        // Opening the folder again reads the same triplets and finds the entities through stats.json's source.
        fx(() -> window.dataset().viewModel().filterProperty().set(""));
        fx(() -> window.dataset().viewModel().open(out));
        UiTestSupport.waitFor(60, () -> !window.dataset().viewModel().job().runningProperty().get());
        assertEquals(11_200, table.getItems().size());
        assertEquals("10,640 training + 560 dev triplets, 16 relations", lookup("#dataset-summary").queryLabeled()
                .getText());
        assertEquals(first, table.getItems().get(0), "same triplet, same highlights");
        fx(() -> window.dataset().viewModel().filterProperty().set("Thames"));
        assertEquals(found, table.getItems().size());

        // A wrong file: a clear message, the table keeps its dataset, the app goes on.
        Path wrong = UiTestSupport.sharedData().resolve("mtop_intent/en/test.jsonl");
        fx(() -> window.dataset().viewModel().fewrelProperty().set(wrong.toString()));
        clickOn("#dataset-build");
        UiTestSupport.waitFor(30, () -> lookup("#dataset-error").query().isVisible());
        String message = lookup("#dataset-error-message").queryLabeled().getText();
        assertTrue(message.startsWith(wrong.toString() + ": "), message);
        assertTrue(message.contains("expected a list of instances"), message);
        assertEquals(found, table.getItems().size());
        assertFalse(window.dataset().viewModel().job().runningProperty().get());
    }

    private static String spanText(String sentence, EntityHighlights.Span s) {
        return sentence.substring(s.start(), s.end());
    }
}
