package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Zeroing a gradient after a step really zeroes it, even when the step produced NaN or infinity. */
class GradientZeroTest {

    @Test
    void nanAndInfinityGradientsBecomeZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f, 3f});
            w.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray bad = m.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1f});
                c.backward(w.mul(bad).sum());
            }
            float[] before = w.getGradient().toFloatArray();
            assertTrue(Float.isNaN(before[0]) && Float.isInfinite(before[1]), java.util.Arrays.toString(before));

            DeviceMirrors.zero(w);

            assertArrayEquals(new float[] {0f, 0f, 0f}, w.getGradient().toFloatArray(), 0f);
            // and the next step's gradient is that step's alone
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(w.mul(m.create(new float[] {4f, 5f, 6f})).sum());
            }
            assertArrayEquals(new float[] {4f, 5f, 6f}, w.getGradient().toFloatArray(), 0f);
        }
    }
}
