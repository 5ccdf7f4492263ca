package dev.tenor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * Scalars autograd keeps must live in torch's memory, not in a Java buffer the garbage collector may free
 * before the backward pass (DJL's {@code x.mul(2f)} makes the latter: training then read freed memory, which
 * showed as a NaN at step 67 of a 300-step run and as resumed runs that did not repeat their losses).
 */
class ScalarsTest {

    @Test
    void scalarsAreOwnedByTorchNotByAJavaBuffer() throws Exception {
        DjlSetup.init();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1f, -2f, 3f});
            Field dataRef = x.getClass().getDeclaredField("dataRef");
            dataRef.setAccessible(true);
            // what DJL does for x.mul(2f): a tensor over a direct buffer that only the wrapper keeps alive
            assertNotNull(dataRef.get(m.create(2f)), "DJL's own scalars sit on a Java buffer");
            NDArray s = Scalars.of(x, 2f);
            assertNull(dataRef.get(s), "Scalars.of must not hand autograd memory the collector can free");
            assertEquals(0, s.getShape().dimension());
            assertEquals(x.getDataType(), s.getDataType());
            assertEquals(2f, s.getFloat(), 0f);
        }
    }

    @Test
    void operationsGiveTorchsValuesAndGradients() {
        DjlSetup.init();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1f, -2f, 3f});
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = Scalars.maximum(Scalars.div(Scalars.mul(x, 3f), 2f), 0f); // max(1.5 x, 0)
                assertArrayEquals(new float[] {1.5f, 0f, 4.5f}, y.toFloatArray(), 1e-6f);
                System.gc(); // the scalars' wrappers are unreachable now; their values must survive
                c.backward(y.sum());
            }
            assertArrayEquals(new float[] {1.5f, 0f, 1.5f}, x.getGradient().toFloatArray(), 1e-6f);
        }
    }
}
