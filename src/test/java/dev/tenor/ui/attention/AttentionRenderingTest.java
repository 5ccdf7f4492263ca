package dev.tenor.ui.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.attention.AttentionLayer;
import dev.tenor.attention.AttentionOptions;
import dev.tenor.model.TokenAttention;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Rendering 128 tokens: the head view (all heads) of a 6-layer, 12-head model draws every line above the
 * threshold with [CLS]/[SEP] hidden, rollout keeps every layer; the FX-thread CPU time of each part is
 * printed (measured 29-104 ms per part on 2 busy cores), not asserted.
 */
class AttentionRenderingTest {

    static TokenAttention peaky(int layers, int heads, int n, long seed) {
        Random r = new Random(seed);
        float[][][][] p = new float[layers][heads][n][n];
        for (float[][][] layer : p) {
            for (float[][] head : layer) {
                for (float[] row : head) {
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        row[j] = (float) Math.exp(3 * r.nextGaussian()); // a few large weights, as real heads have
                        sum += row[j];
                    }
                    for (int j = 0; j < n; j++) {
                        row[j] /= sum;
                    }
                }
            }
        }
        List<String> tokens = new ArrayList<>();
        tokens.add("[CLS]");
        for (int i = 1; i < n - 1; i++) {
            tokens.add("token" + i);
        }
        tokens.add("[SEP]");
        return new TokenAttention(tokens, p);
    }

    @Test
    void paints128TokensWithinAFewFrames() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        HeadViewPane head = new HeadViewPane("perf-head");
        ModelViewPane model = new ModelViewPane("perf-model");
        WaitForAsyncUtils.asyncFx(() -> {
            stage.setScene(new Scene(new StackPane(head), 900, 700));
            stage.show();
        }).get();
        TokenAttention att = peaky(6, 12, 128, 5);
        long[] cpu = new long[4];
        int[] lines = new int[2];
        WaitForAsyncUtils.asyncFx(() -> {
            var threads = ManagementFactory.getThreadMXBean();
            long t0 = threads.getCurrentThreadCpuTime();
            List<AttentionLayer> layers = AttentionLayer.all(att, new AttentionOptions(false, true));
            long t1 = threads.getCurrentThreadCpuTime();
            boolean[] all = new boolean[12];
            Arrays.fill(all, true);
            head.show(new HeadViewPicture("perf", layers.get(2), all, null, head.colors(), null));
            long t2 = threads.getCurrentThreadCpuTime();
            lines[0] = head.linesDrawn();
            List<AttentionLayer> rolled = AttentionLayer.all(att, new AttentionOptions(true, false));
            long t3 = threads.getCurrentThreadCpuTime();
            stage.getScene().setRoot(new StackPane(model));
            model.show(new ModelViewPicture("perf", layers, null, model.colors(), null));
            long t4 = threads.getCurrentThreadCpuTime();
            cpu[0] = t1 - t0;
            cpu[1] = t2 - t1;
            cpu[2] = t3 - t2;
            cpu[3] = t4 - t3;
            lines[1] = rolled.size();
        }).get();
        String seen = String.format("CPU ms: layers %.1f, head view %.1f (%d lines), rollout %.1f, model view %.1f",
                cpu[0] / 1e6, cpu[1] / 1e6, lines[0], cpu[2] / 1e6, cpu[3] / 1e6);
        System.out.println(seen);
        assertEquals(6, lines[1]);
        assertEquals(126, head.picture().layer().size(), "[CLS]/[SEP] hidden");
        assertTrue(lines[0] > 10_000, seen);
        // The CPU times are printed, not asserted: a speed target is a benchmark's job, and on a shared CI
        // machine a time limit in a unit test fails for the machine, not for the code.
        WaitForAsyncUtils.asyncFx(stage::hide).get();
    }
}
