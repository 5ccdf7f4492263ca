package dev.tenor.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenor.model.TokenAttention;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttentionMathTest {

    private static final float EPS = 1e-6f;

    /** Two tokens, two layers, one head each: worked out by hand. */
    private static final float[][][][] TWO_LAYERS = {
        {{{1f, 0f}, {0.5f, 0.5f}}},
        {{{0f, 1f}, {1f, 0f}}}};

    @Test
    void rolloutWithResidualMatchesTheHandComputation() {
        float[][][] r = AttentionMath.rollout(TWO_LAYERS, true);
        // layer 0: 0.5 A + 0.5 I = [[1, 0], [0.25, 0.75]]
        assertMatrix(new float[][] {{1f, 0f}, {0.25f, 0.75f}}, r[0]);
        // layer 1: [[0.5, 0.5], [0.5, 0.5]] x layer 0 = [[0.625, 0.375], [0.625, 0.375]]
        assertMatrix(new float[][] {{0.625f, 0.375f}, {0.625f, 0.375f}}, r[1]);
    }

    @Test
    void rolloutWithoutResidualIsThePlainProduct() {
        float[][][] r = AttentionMath.rollout(TWO_LAYERS, false);
        assertMatrix(new float[][] {{1f, 0f}, {0.5f, 0.5f}}, r[0]);
        assertMatrix(new float[][] {{0.5f, 0.5f}, {1f, 0f}}, r[1]);
    }

    @Test
    void rolloutAveragesHeadsFirst() {
        float[][][][] oneLayerTwoHeads = {{{{1f, 0f}, {0f, 1f}}, {{0f, 1f}, {1f, 0f}}}};
        assertMatrix(new float[][] {{0.5f, 0.5f}, {0.5f, 0.5f}}, AttentionMath.rollout(oneLayerTwoHeads, false)[0]);
        // with the residual: 0.5 * 0.5 + 0.5 on the diagonal
        assertMatrix(new float[][] {{0.75f, 0.25f}, {0.25f, 0.75f}}, AttentionMath.rollout(oneLayerTwoHeads, true)[0]);
    }

    @Test
    void rolloutRowsStayDistributions() {
        float[][][][] random = randomAttention(4, 3, 7, new Random(3));
        for (float[][] layer : AttentionMath.rollout(random, true)) {
            for (float[] row : layer) {
                double sum = 0;
                for (float v : row) {
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
    }

    @Test
    void selectKeepsRowsAndColumnsAndRenormalises() {
        float[][] m = {{0.2f, 0.3f, 0.5f}, {0.1f, 0.1f, 0.8f}, {0.6f, 0.2f, 0.2f}};
        float[][] kept = AttentionMath.select(m, new int[] {1, 2});
        assertMatrix(new float[][] {{1f / 9, 8f / 9}, {0.5f, 0.5f}}, kept);
        float[][] zeroRow = AttentionMath.select(new float[][] {{1f, 0f}, {0f, 1f}}, new int[] {1});
        assertMatrix(new float[][] {{1f}}, zeroRow);
        float[][] allToHidden = AttentionMath.select(new float[][] {{0f, 1f}, {0f, 1f}}, new int[] {0});
        assertMatrix(new float[][] {{0f}}, allToHidden);
    }

    @Test
    void differenceAndMeanOfChosenHeads() {
        float[][] a = {{0.7f, 0.3f}, {0.4f, 0.6f}};
        float[][] b = {{0.5f, 0.5f}, {0.4f, 0.6f}};
        assertMatrix(new float[][] {{0.2f, -0.2f}, {0f, 0f}}, AttentionMath.difference(a, b));
        assertEquals(0.2f, AttentionMath.maxAbs(AttentionMath.difference(a, b)), EPS);
        float[][][] heads = {a, b, {{1f, 0f}, {1f, 0f}}};
        assertMatrix(new float[][] {{0.85f, 0.15f}, {0.7f, 0.3f}},
                AttentionMath.meanOfHeads(heads, new boolean[] {true, false, true}));
        assertMatrix(b, AttentionMath.meanOfHeads(heads, new boolean[] {false, true, false}));
        assertThrows(IllegalArgumentException.class, () -> AttentionMath.difference(a, new float[][] {{1f}}));
    }

    @Test
    void layerHidesSpecialTokensAndRenormalises() {
        List<String> tokens = List.of("[CLS]", "cats", "purr", "[SEP]");
        float[][] head = {
            {0.1f, 0.2f, 0.3f, 0.4f},
            {0.5f, 0.25f, 0.25f, 0f},
            {0.2f, 0.2f, 0.2f, 0.4f},
            {0.25f, 0.25f, 0.25f, 0.25f}};
        TokenAttention att = new TokenAttention(tokens, new float[][][][] {{head}});
        AttentionLayer plain = AttentionLayer.of(att, 0, AttentionOptions.PLAIN);
        assertEquals(tokens, plain.tokens());
        assertMatrix(head, plain.heads()[0]);
        AttentionLayer hidden = AttentionLayer.of(att, 0, new AttentionOptions(false, true));
        assertEquals(List.of("cats", "purr"), hidden.tokens());
        assertMatrix(new float[][] {{0.5f, 0.5f}, {0.5f, 0.5f}}, hidden.heads()[0]);
        assertEquals(AttentionLayer.Kind.ATTENTION, hidden.kind());
    }

    @Test
    void rolloutLayersAreRolledOutBeforeHiding() {
        TokenAttention att = new TokenAttention(List.of("a", "b"), TWO_LAYERS);
        List<AttentionLayer> layers = AttentionLayer.all(att, new AttentionOptions(true, false));
        assertEquals(2, layers.size());
        assertEquals(1, layers.get(1).headCount());
        assertEquals(AttentionLayer.Kind.ROLLOUT, layers.get(1).kind());
        assertMatrix(new float[][] {{0.625f, 0.375f}, {0.625f, 0.375f}}, layers.get(1).heads()[0]);
        assertMatrix(layers.get(1).heads()[0], AttentionLayer.of(att, 1, new AttentionOptions(true, false)).heads()[0]);
    }

    @Test
    void differenceLayerNeedsTheSameTokens() {
        TokenAttention base = new TokenAttention(List.of("a", "b"), TWO_LAYERS);
        TokenAttention trained = new TokenAttention(List.of("a", "b"),
                new float[][][][] {{{{0.5f, 0.5f}, {0.5f, 0.5f}}}, TWO_LAYERS[1]});
        AttentionLayer diff = AttentionLayer.difference(AttentionLayer.of(trained, 0, AttentionOptions.PLAIN),
                AttentionLayer.of(base, 0, AttentionOptions.PLAIN));
        assertEquals(AttentionLayer.Kind.DIFFERENCE, diff.kind());
        assertMatrix(new float[][] {{-0.5f, 0.5f}, {0f, 0f}}, diff.heads()[0]);
        TokenAttention other = new TokenAttention(List.of("a", "c"), TWO_LAYERS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttentionLayer.difference(
                AttentionLayer.of(other, 0, AttentionOptions.PLAIN), AttentionLayer.of(base, 0, AttentionOptions.PLAIN)));
        assertEquals("the two models split the sentence into different tokens, so their attention cannot be "
                + "subtracted", e.getMessage());
    }

    @Test
    void specialTokensNeverLeaveAnEmptyView() {
        assertArrayEquals(new int[] {1, 2}, SpecialTokens.visible(List.of("[CLS]", "x", "y", "[SEP]"), true));
        assertArrayEquals(new int[] {0, 1}, SpecialTokens.visible(List.of("[CLS]", "[SEP]"), true));
        assertArrayEquals(new int[] {0, 1, 2}, SpecialTokens.visible(List.of("<s>", "x", "</s>"), false));
    }

    @Test
    void headColoursAndHeatmapPixels() {
        assertEquals(0x1f77b4, HeadColors.rgb(0));
        assertEquals("#ff7f0e", HeadColors.hex(1));
        assertEquals(HeadColors.rgb(0), HeadColors.rgb(20));
        int[] seq = Heatmap.sequential(new float[][] {{0f, 0.5f}, {1f, 2f}}, 1f, 0x102030);
        assertArrayEquals(new int[] {0x00102030, 0x80102030, 0xff102030, 0xff102030}, seq);
        int[] div = Heatmap.diverging(new float[][] {{-0.5f, 0.25f}, {0f, 0.5f}}, 0.5f, 0x0000ff, 0xff0000);
        assertArrayEquals(new int[] {0xff0000ff, 0x80ff0000, 0x00ff0000, 0xffff0000}, div);
    }

    static float[][][][] randomAttention(int layers, int heads, int n, Random random) {
        float[][][][] out = new float[layers][heads][n][n];
        for (float[][][] layer : out) {
            for (float[][] head : layer) {
                for (float[] row : head) {
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        row[j] = random.nextFloat() + 1e-3f;
                        sum += row[j];
                    }
                    for (int j = 0; j < n; j++) {
                        row[j] /= sum;
                    }
                }
            }
        }
        return out;
    }

    private static void assertMatrix(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length, "rows");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], EPS, "row " + i);
        }
    }
}
