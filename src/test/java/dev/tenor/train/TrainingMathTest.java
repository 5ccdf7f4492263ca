package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tenor.model.DjlSetup;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedule, loss, distances and AdamW against hand-computed values (torch's formulas). */
class TrainingMathTest {

    @Test
    void linearWarmupMatchesHuggingFaceSchedule() {
        LinearWarmup s = new LinearWarmup(2e-5, 10, 100);
        assertEquals(0.0, s.rate(0), 0);
        assertEquals(1e-5, s.rate(5), 1e-15);
        assertEquals(2e-5, s.rate(10), 1e-15);
        assertEquals(2e-5 * 45 / 90, s.rate(55), 1e-15);
        assertEquals(0.0, s.rate(100), 0);
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(1e-5, 11, 10));
    }

    @Test
    void tripletLossAndDistancesOnKnownVectors() {
        DjlSetup.init();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[][] {{0, 0}, {1, 0}});
            NDArray p = m.create(new float[][] {{3, 4}, {1, 0}});
            NDArray n = m.create(new float[][] {{0, 1}, {0, 1}});
            // euclidean: d(a,p) = [5, 0], d(a,n) = [1, sqrt 2] (+1e-6 inside the norm, as torch)
            float[] dp = Distance.EUCLIDEAN.between(a, p).toFloatArray();
            assertEquals(5.0f, dp[0], 1e-5f);
            assertEquals(Math.sqrt(2) * 1e-6, dp[1], 1e-7);
            float expected = (Math.max(0f, 5f - 1f + 0.5f) + Math.max(0f, 0f - (float) Math.sqrt(2) + 0.5f)) / 2;
            assertEquals(expected, new TripletLoss(Distance.EUCLIDEAN, 0.5f).compute(a, p, n).getFloat(), 1e-5f);
            float[] cos = Distance.COSINE.between(m.create(new float[][] {{1, 0}, {1, 1}}),
                    m.create(new float[][] {{0, 2}, {2, 2}})).toFloatArray();
            assertEquals(1f, cos[0], 1e-6f);
            assertEquals(0f, cos[1], 1e-6f);
            assertEquals(7f, Distance.MANHATTAN.between(a.get("0:1"), p.get("0:1")).getFloat(), 1e-5f);
            assertEquals(5.0, Distance.EUCLIDEAN.between(new float[] {0, 0}, new float[] {3, 4}), 1e-5);
        }
    }

    @Test
    void adamWFollowsTorchFormulaAndSkipsDecayForBiasesAndNorms() {
        DjlSetup.init();
        assertTrue(AdamW.decays("encoder.layer.0.attention.self.query.weight"));
        assertFalse(AdamW.decays("encoder.layer.0.attention.self.query.bias"));
        assertFalse(AdamW.decays("embeddings.LayerNorm.weight"));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1.0f, -2.0f});
            NDArray b = m.create(new float[] {0.5f});
            AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.01);
            double lr = 0.1;
            double[] pw = {1.0, -2.0};
            double[] mw = new double[2];
            double[] vw = new double[2];
            double[][] gradsW = {{0.3, -0.1}, {0.2, 0.4}, {-0.5, 0.05}};
            for (int t = 1; t <= 3; t++) {
                NDArray gw = m.create(new float[] {(float) gradsW[t - 1][0], (float) gradsW[t - 1][1]});
                NDArray gb = m.create(new float[] {0.2f});
                opt.step(Map.of("x.weight", w, "x.bias", b), Map.of("x.weight", gw, "x.bias", gb), lr, 0.5);
                for (int i = 0; i < 2; i++) {
                    double g = gradsW[t - 1][i] * 0.5;
                    pw[i] *= 1 - lr * 0.01;
                    mw[i] = 0.9 * mw[i] + 0.1 * g;
                    vw[i] = 0.999 * vw[i] + 0.001 * g * g;
                    double denom = Math.sqrt(vw[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                    pw[i] -= lr / (1 - Math.pow(0.9, t)) * mw[i] / denom;
                }
            }
            float[] got = w.toFloatArray();
            assertEquals(pw[0], got[0], 1e-5);
            assertEquals(pw[1], got[1], 1e-5);
            // a constant gradient moves a bias by lr per step exactly (no decay): 0.5 - 3 * 0.1
            assertEquals(0.2f, b.getFloat(0), 1e-5f);
            assertEquals(3, opt.steps());
        }
    }
}
