package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.attention.EntityShift;
import dev.tenor.model.BertConfig;
import dev.tenor.model.SentenceEncoder;
import java.nio.file.Path;
import java.util.List;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.model.TokenAttention;
import dev.tenor.ui.attention.AttentionViewModel;
import dev.tenor.ui.attention.CanvasColors;
import dev.tenor.ui.attention.ChangeGridPane;
import dev.tenor.ui.attention.HeadViewLayout;
import dev.tenor.ui.attention.HeadViewPane;
import dev.tenor.ui.attention.ImportancePane;
import dev.tenor.ui.attention.ShiftPane;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

/**
 * The Attention tab's importance bars, change grid and fixed-width head view, base against a second model
 * with the same tokenizer; the numbers recomputed here from the raw attention by plain code, the pictures
 * checked pixel by pixel.
 */
class AttentionChangesFxTest extends WorkbenchFxTestBase {

    private static final String SENTENCE = "I forgot my pin and have locked my card";

    @Test
    void barsForBothModelsAGridWithTheMostChangedHeadAndCloseColumns() throws Exception {
        // Six layers of twelve heads, the MiniLM tokenizer, random weights: attention unlike the base's.
        ModelFolder other = TinyModels.write(tmp.resolve("other"), new BertConfig(30522, 48, 6, 12, 96, 512, 2, 1e-12,
                "gelu"), new SentenceSettings(128, Pooling.MEAN, true, ""), 11);
        push(KeyCode.CONTROL, KeyCode.DIGIT4);
        AttentionViewModel vm = window.attention().viewModel();
        fx(() -> window.attention().setSecondModel(other.dir().toString()));
        clickOn("#attention-sentence").write(SENTENCE);
        UiTestSupport.waitFor(120, () -> !vm.busyProperty().get() && vm.sideBProperty().get() != null
                && vm.sideBProperty().get().attention() != null && vm.sideAProperty().get() != null);
        TokenAttention a = vm.sideAProperty().get().attention();
        TokenAttention b = vm.sideBProperty().get().attention();

        // Importance: one bar per model and token, the values a plain column mean of the layer's heads.
        clickOn("#view-importance");
        fx(() -> vm.layerProperty().set(4));
        ImportancePane imp = window.attention().importanceView();
        UiTestSupport.waitFor(5, () -> imp.picture() != null && imp.picture().values().size() == 2
                && imp.picture().title().contains("layer 5"));
        assertEquals(a.tokens(), imp.picture().tokens());
        for (int m = 0; m < 2; m++) {
            double[] mine = received(m == 0 ? a : b, 4);
            float[] shown = imp.picture().values().get(m);
            for (int t = 0; t < mine.length; t++) {
                assertEquals(mine[t], shown[t], 1e-5, "model " + m + " token " + a.tokens().get(t));
            }
        }
        double[] da = received(a, 4);
        double[] db = received(b, 4);
        int gained = 0;
        for (int t = 1; t < da.length; t++) {
            if (db[t] - da[t] > db[gained] - da[gained]) {
                gained = t;
            }
        }
        assertEquals(a.tokens().get(gained), imp.picture().changes().gained().get(0).token());
        WritableImage bars = snapshot(imp);
        for (int m = 0; m < 2; m++) {
            int tallest = argmax(m == 0 ? da : db);
            double[] centre = imp.barCentre(m, tallest);
            Color px = bars.getPixelReader().getColor((int) centre[0], (int) centre[1]);
            assertClose(ImportancePane.barColor(m), px, "bar of model " + m);
        }
        assertTrue(UiTestSupport.inked(bars, imp.colors().background()) > 3000);

        // Change grid: the head whose rows diverge most (plain JS divergence) is marked and drawn darkest.
        clickOn("#view-changes");
        ChangeGridPane grid = window.attention().changeGrid();
        UiTestSupport.waitFor(5, () -> grid.picture() != null && grid.picture().changes() != null);
        int[] best = {0, 0};
        double bestValue = -1;
        double leastValue = Double.MAX_VALUE;
        int[] least = {0, 0};
        for (int l = 0; l < 6; l++) {
            for (int h = 0; h < 12; h++) {
                double js = 0;
                int n = a.tokens().size();
                for (int r = 0; r < n; r++) {
                    js += jensenShannon(a.probabilities()[l][h][r], b.probabilities()[l][h][r]) / n;
                }
                assertEquals(js, grid.picture().changes().divergence()[l][h], 1e-5, "layer " + l + " head " + h);
                if (js > bestValue) {
                    bestValue = js;
                    best = new int[] {l, h};
                }
                if (js < leastValue) {
                    leastValue = js;
                    least = new int[] {l, h};
                }
            }
        }
        assertArrayEquals(best, grid.marked());
        WritableImage gridImage = snapshot(grid);
        CanvasColors c = grid.colors();
        double[] centre = grid.cellCentre(best[0], best[1]);
        assertClose(c.positive(), gridImage.getPixelReader().getColor((int) centre[0], (int) centre[1]), "darkest cell");
        // The outline: the cell's edge in the text colour.
        assertClose(c.text(), gridImage.getPixelReader().getColor((int) centre[0], (int) (centre[1] - 15)),
                "outline of the most changed head");
        double[] pale = grid.cellCentre(least[0], least[1]);
        Color palePx = gridImage.getPixelReader().getColor((int) pale[0], (int) pale[1]);
        assertTrue(distance(palePx, c.positive()) > 0.2, "the least changed head is pale: " + palePx);

        // A click on a cell opens that head alone in the difference view.
        double[] cell = grid.cellCentre(least[0], least[1]);
        clickOn(grid.canvas().localToScreen(cell[0], cell[1]));
        UiTestSupport.waitFor(5, () -> vm.viewProperty().get() == AttentionViewModel.View.DIFFERENCE);
        assertEquals(least[0], vm.layerProperty().get());
        boolean[] only = new boolean[12];
        only[least[1]] = true;
        assertArrayEquals(only, vm.headsProperty().get());
        assertEquals("head " + (least[1] + 1), window.attention().differenceView().picture().what());

        // Head view: the token columns stand a fixed 150 px apart, however wide the pane.
        clickOn("#view-head");
        HeadViewPane head = window.attention().headViewA();
        UiTestSupport.waitFor(5, () -> head.headLayout() != null && head.headLayout().tokens() == a.tokens().size());
        assertEquals(HeadViewLayout.COLUMN_GAP, head.headLayout().rightEdge() - head.headLayout().leftEdge(), 1e-9);
        assertEquals(head.canvas().getWidth(), snapshot(head).getWidth(), 1);
        assertTrue(head.canvas().getWidth() < 2 * head.headLayout().labelWidth() + 200,
                "canvas " + head.canvas().getWidth());
    }

    @Test
    void measuresTheEntityShiftOverFewRelAndChartsBothModels() throws Exception {
        Path valWiki = dev.tenor.TestEnvironment.needData(UiTestSupport.sharedData().resolve("fewrel/val_wiki.json"));
        ModelFolder other = TinyModels.write(tmp.resolve("other"), new BertConfig(30522, 48, 6, 12, 96, 512, 2, 1e-12,
                "gelu"), new SentenceSettings(128, Pooling.MEAN, true, ""), 11);
        push(KeyCode.CONTROL, KeyCode.DIGIT4);
        fx(() -> window.attention().setSecondModel(other.dir().toString()));
        clickOn("#view-shift");
        ShiftPane pane = window.attention().shiftView();
        assertTrue(pane.message().startsWith("Run to measure"), pane.message());
        fx(() -> {
            lookup("#shift-file").queryAs(javafx.scene.control.TextField.class).setText(valWiki.toString());
            lookup("#shift-limit").queryAs(javafx.scene.control.TextField.class).setText("12");
        });
        clickOn("#shift-run");
        UiTestSupport.waitFor(180, () -> pane.report() != null);
        EntityShift.Report shown = pane.report();
        assertEquals(12, shown.sentences());
        assertEquals(7, shown.rows().size());
        assertTrue(lookup("#shift-status").queryLabeled().getText().startsWith("12 sentences in "),
                lookup("#shift-status").queryLabeled().getText());
        // The same numbers as the core computes for these models and sentences on its own.
        EntityShift.Report direct;
        try (SentenceEncoder base = SentenceEncoder.open(ModelFolder.open(UiTestSupport.defaultModel()));
             SentenceEncoder tiny = SentenceEncoder.open(other)) {
            direct = EntityShift.measure(EntityShift.sample(dev.tenor.data.FewRelReader.read(valWiki), 12),
                    List.of("a", "b"), List.of(base, tiny), dev.tenor.task.ProgressListener.NONE,
                    dev.tenor.task.CancellationToken.NONE);
        }
        for (int r = 0; r < 7; r++) {
            for (int m = 0; m < 2; m++) {
                assertEquals(direct.rows().get(r).entity().get(m).mean(), shown.rows().get(r).entity().get(m).mean(),
                        1e-9, "row " + r + " model " + m);
            }
        }
        WritableImage chart = snapshot(pane);
        for (int m = 0; m < 2; m++) {
            double[] c = pane.barCentre(5, m);
            assertClose(ShiftPane.barColor(m), chart.getPixelReader().getColor((int) c[0] + 5, (int) c[1]),
                    "layer-6 bar of model " + m);
        }
        // A missing file: said plainly, no chart.
        Path missing = tmp.resolve("none.json");
        fx(() -> lookup("#shift-file").queryAs(javafx.scene.control.TextField.class).setText(missing.toString()));
        clickOn("#shift-run");
        UiTestSupport.waitFor(30, () -> pane.report() == null);
        assertEquals(missing + ": file not found", pane.message());
    }

    /** Mean over heads and rows of each column: the attention each token receives. */
    private static double[] received(TokenAttention att, int layer) {
        int n = att.tokens().size();
        double[] out = new double[n];
        float[][][] heads = att.probabilities()[layer];
        for (float[][] head : heads) {
            for (float[] row : head) {
                for (int c = 0; c < n; c++) {
                    out[c] += row[c] / (heads.length * (double) n);
                }
            }
        }
        return out;
    }

    private static double jensenShannon(float[] p, float[] q) {
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2.0;
            js += p[i] > 0 ? 0.5 * p[i] * Math.log(p[i] / m) : 0;
            js += q[i] > 0 ? 0.5 * q[i] * Math.log(q[i] / m) : 0;
        }
        return js;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double distance(Color x, Color y) {
        return Math.abs(x.getRed() - y.getRed()) + Math.abs(x.getGreen() - y.getGreen())
                + Math.abs(x.getBlue() - y.getBlue());
    }

    private static void assertClose(Color expected, Color actual, String what) {
        assertTrue(distance(expected, actual) < 0.06, what + ": expected " + expected + ", got " + actual);
    }

    private WritableImage snapshot(dev.tenor.ui.attention.CanvasPane pane) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(pane::image).get();
    }
}
