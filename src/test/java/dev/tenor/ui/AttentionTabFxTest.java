package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.ui.attention.AttentionViewModel;
import dev.tenor.ui.attention.HeadViewPane;
import dev.tenor.ui.attention.Hover;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

/** Types sentences in the Attention tab and checks what the canvases draw, as a user would see it. */
class AttentionTabFxTest extends WorkbenchFxTestBase {

    @Test
    void drawsTogglesHeadsFiltersOnHoverAndExplainsProblems() throws Exception {
        push(KeyCode.CONTROL, KeyCode.DIGIT4);
        assertEquals(3, window.tabs().getSelectionModel().getSelectedIndex());
        AttentionViewModel vm = window.attention().viewModel();
        assertEquals(AttentionViewModel.EMPTY_SENTENCE, lookup("#attention-message").queryLabeled().getText());
        HeadViewPane pane = window.attention().headViewA();
        Color background = pane.colors().background();

        try (FxWatchdog watchdog = FxWatchdog.start(10, ms -> { })) {
            clickOn("#attention-sentence").write("The cat sat on the mat.");
            UiTestSupport.waitFor(60, () -> !vm.busyProperty().get() && vm.sideAProperty().get() != null);
            sleep(300);
            UiTestSupport.assertResponsive(watchdog, "encoding and drawing attention");
        }
        assertEquals(java.util.List.of("[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "[SEP]"),
                vm.sideAProperty().get().attention().tokens());
        assertEquals("all-MiniLM-L6-v2: 9 tokens, 6 layers x 12 heads",
                lookup("#attention-message").queryLabeled().getText());
        assertEquals(12, lookup(".head-tile").queryAll().size());

        // The canvas drew: lines and labels on the background.
        WritableImage all = snapshot(pane);
        int allInk = UiTestSupport.inked(all, background);
        assertTrue(allInk > 2000, "inked pixels " + allInk);
        int allLines = pane.linesDrawn();
        assertTrue(allLines > 100, "lines " + allLines);

        // A click shows that head alone: fewer lines, another picture.
        clickOn("#head-tile-0");
        boolean[] only0 = new boolean[12];
        only0[0] = true;
        heads(vm, only0);
        int oneHeadLines = pane.linesDrawn();
        assertTrue(oneHeadLines > 0 && oneHeadLines < allLines / 4, oneHeadLines + " of " + allLines);
        WritableImage one = snapshot(pane);
        assertTrue(UiTestSupport.differing(all, one) > 500);
        // Shift+click adds a head.
        press(javafx.scene.input.KeyCode.SHIFT).clickOn("#head-tile-3").release(javafx.scene.input.KeyCode.SHIFT);
        boolean[] heads03 = only0.clone();
        heads03[3] = true;
        heads(vm, heads03);
        assertTrue(pane.linesDrawn() > oneHeadLines);
        assertTrue(UiTestSupport.differing(one, snapshot(pane)) > 100);
        // A click on a head shows it alone; a click on the only head shown restores all of them.
        clickOn("#head-tile-3");
        boolean[] only3 = new boolean[12];
        only3[3] = true;
        heads(vm, only3);
        clickOn("#head-tile-3");
        boolean[] allHeads = new boolean[12];
        Arrays.fill(allHeads, true);
        heads(vm, allHeads);
        assertEquals(allLines, pane.linesDrawn());

        // Hovering a left token keeps its outgoing lines; a right token its incoming ones.
        moveTo(screenPoint(pane, Hover.left(2)));
        UiTestSupport.waitFor(5, () -> Hover.left(2).equals(pane.hover()));
        int outgoing = pane.linesDrawn();
        assertTrue(outgoing > 0 && outgoing <= 12 * 9, "outgoing lines " + outgoing);
        assertTrue(UiTestSupport.inked(snapshot(pane), background) < allInk, "fewer lines drawn");
        moveTo(screenPoint(pane, Hover.right(0)));
        UiTestSupport.waitFor(5, () -> Hover.right(0).equals(pane.hover()));
        assertTrue(pane.linesDrawn() > 0 && pane.linesDrawn() <= 12 * 9);
        moveTo(pane.localToScreen(pane.getWidth() / 2, pane.getHeight() - 5));
        UiTestSupport.waitFor(5, () -> pane.hover() == null);
        assertEquals(allLines, pane.linesDrawn());

        // Hiding [CLS]/[SEP] and rollout change the picture.
        clickOn("#attention-hide-special");
        assertEquals(7, pane.picture().layer().size());
        clickOn("#attention-rollout");
        assertEquals(1, pane.picture().layer().headCount());
        clickOn("#attention-rollout");

        // Model view: a grid of maps; a click enlarges one, another click goes back.
        clickOn("#view-model");
        var modelView = window.attention().modelViewA();
        assertTrue(UiTestSupport.inked(snapshot(modelView), background) > 5000);
        double[] cell = modelView.cellCentre(1, 2);
        clickOn(modelView.canvas().localToScreen(cell[0], cell[1]));
        assertArrayEquals(new int[] {1, 2}, vm.enlargedProperty().get());
        clickOn(modelView.canvas().localToScreen(20, 60));
        assertNull(vm.enlargedProperty().get());

        // Difference view without a second model says what to do.
        clickOn("#view-difference");
        assertTrue(window.attention().differenceView().picture().message().startsWith("Choose a second model"));

        // A model folder that cannot be loaded: a clear message, the first model still shown.
        Path broken = paths.models().resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        Files.writeString(broken.resolve("model.safetensors"), "not weights");
        fx(() -> vm.modelBProperty().set(broken.toString()));
        fx(vm::computeNow);
        UiTestSupport.waitFor(30, () -> !vm.busyProperty().get() && vm.sideBProperty().get() != null);
        String message = lookup("#attention-message").queryLabeled().getText();
        assertTrue(message.contains(broken + " cannot be used: " + broken.resolve("config.json")
                + ": unknown model type 'gpt2'"), message);
        assertNotNull(vm.sideAProperty().get().attention());

        // A built-in model not imported yet: imported on first use with a progress window; e5 reads
        // "query: " first, so the difference view explains that the tokens differ.
        fx(() -> window.attention().setSecondModel("e5-small-v2"));
        UiTestSupport.waitFor(30, () -> lookup("#progress-dialog").tryQuery().isPresent());
        UiTestSupport.waitFor(120, () -> !vm.busyProperty().get() && vm.sideBProperty().get() != null
                && vm.sideBProperty().get().model().equals("e5-small-v2"));
        assertEquals(List.of("[CLS]", "query", ":", "the", "cat", "sat", "on", "the", "mat", ".", "[SEP]"),
                vm.sideBProperty().get().attention().tokens());
        assertTrue(Files.isRegularFile(paths.models().resolve("e5-small-v2/model.safetensors")));
        clickOn("#view-difference");
        assertEquals("the two models split the sentence into different tokens, so their attention cannot be "
                + "subtracted.", window.attention().differenceView().picture().message());

        // An empty sentence: the message, no drawing.
        clickOn("#view-head");
        clickOn("#attention-sentence").push(KeyCode.CONTROL, KeyCode.A).push(KeyCode.BACK_SPACE);
        UiTestSupport.waitFor(5, () -> vm.sideAProperty().get() == null);
        assertEquals(AttentionViewModel.EMPTY_SENTENCE, lookup("#attention-message").queryLabeled().getText());
        assertEquals(0, pane.linesDrawn());
    }

    /** Waits until exactly {@code expected} heads are shown. */
    private static void heads(AttentionViewModel vm, boolean[] expected) throws Exception {
        try {
            UiTestSupport.waitFor(5, () -> Arrays.equals(expected, vm.headsProperty().get()));
        } finally {
            assertArrayEquals(expected, vm.headsProperty().get());
        }
    }

    private WritableImage snapshot(dev.tenor.ui.attention.CanvasPane pane) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(pane::image).get();
    }

    private static Point2D screenPoint(HeadViewPane pane, Hover h) {
        double[] c = pane.headLayout().labelCentre(h);
        return pane.canvas().localToScreen(c[0], c[1]);
    }
}
