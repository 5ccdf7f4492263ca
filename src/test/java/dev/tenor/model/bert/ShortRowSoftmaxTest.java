package dev.tenor.model.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tenor.model.DjlSetup;
import dev.tenor.model.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inference softmax of short attention rows against PyTorch's own softmax. */
class ShortRowSoftmaxTest {

    @BeforeAll
    static void setUp() {
        DjlSetup.init();
    }

    @Test
    void equalsPyTorchsSoftmaxForEveryRowLengthWithPaddingColumns() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.enter()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(11);
            for (int n = 1; n <= SelfAttention.SHORT_ROW + 4; n++) {
                // Scores of BERT size (tens) and one padding column in sentence 1, as the encoder adds them.
                NDArray scores = m.randomNormal(new Shape(3, 2, n, n)).muli(30f);
                float[] bias = new float[3 * n];
                if (n > 1) {
                    bias[n + n - 1] = -1e9f;
                }
                NDArray masked = scores.addi(m.create(bias, new Shape(3, 1, 1, n)));
                float[] expected = masked.softmax(-1).toFloatArray();
                float[] actual = SelfAttention.shortRowSoftmax(masked.duplicate()).toFloatArray();
                assertArrayEquals(expected, actual, 1e-6f, "rows of " + n);
                for (int row = 0; row < actual.length / n; row++) {
                    float sum = 0;
                    for (int c = 0; c < n; c++) {
                        sum += actual[row * n + c];
                    }
                    assertEquals(1f, sum, 1e-6f, "rows of " + n + ", row " + row);
                }
                if (n > 1) {
                    assertEquals(0f, actual[(2 * n) * n + n - 1], 0f, "the padding column gets no attention");
                }
            }
        }
    }
}
