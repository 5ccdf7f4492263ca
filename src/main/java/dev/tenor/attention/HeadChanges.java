package dev.tenor.attention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How much training changed each head's attention for one sentence: per layer and head, the mean over
 * query rows of the Jensen–Shannon divergence (natural log, so in [0, ln 2]) between the two models' rows.
 * Rows are distributions, so this says how differently a head spreads each token's attention, whatever the
 * size of the matrix.
 *
 * @param divergence {@code [layer][head]}
 */
public record HeadChanges(float[][] divergence) {

    /** One head's change. */
    public record Cell(int layer, int head, float divergence) {
    }

    /**
     * The change of every head from {@code base} to {@code trained}: the same layers (per-head attention,
     * not rollout) of two models that split the sentence into the same tokens.
     *
     * @throws IllegalArgumentException when the tokens, layer or head counts differ
     */
    public static HeadChanges of(List<AttentionLayer> base, List<AttentionLayer> trained) {
        if (base.size() != trained.size()) {
            throw new IllegalArgumentException("the two models have " + base.size() + " and " + trained.size()
                    + " layers");
        }
        float[][] out = new float[base.size()][];
        for (int l = 0; l < base.size(); l++) {
            AttentionLayer d = AttentionLayer.difference(trained.get(l), base.get(l)); // checks tokens and heads
            out[l] = new float[d.headCount()];
            for (int h = 0; h < d.headCount(); h++) {
                out[l][h] = meanRowDivergence(base.get(l).heads()[h], trained.get(l).heads()[h]);
            }
        }
        return new HeadChanges(out);
    }

    /** The mean over rows of JSD(a_row, b_row). */
    public static float meanRowDivergence(float[][] a, float[][] b) {
        double sum = 0;
        for (int r = 0; r < a.length; r++) {
            sum += jensenShannon(a[r], b[r]);
        }
        return a.length == 0 ? 0 : (float) (sum / a.length);
    }

    /** {@code JSD(p, q) = (KL(p || m) + KL(q || m)) / 2} with {@code m = (p + q) / 2}; natural log. */
    public static double jensenShannon(float[] p, float[] q) {
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + (double) q[i]) / 2;
            if (p[i] > 0) {
                js += 0.5 * p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                js += 0.5 * q[i] * Math.log(q[i] / m);
            }
        }
        return Math.max(0, js);
    }

    public int layers() {
        return divergence.length;
    }

    public int heads() {
        return divergence.length == 0 ? 0 : divergence[0].length;
    }

    /** The largest divergence (0 when there is none). */
    public float max() {
        float max = 0;
        for (float[] row : divergence) {
            for (float v : row) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /** Every head, most changed first (ties: earlier layer, then head). */
    public List<Cell> ranked() {
        List<Cell> all = new ArrayList<>();
        for (int l = 0; l < divergence.length; l++) {
            for (int h = 0; h < divergence[l].length; h++) {
                all.add(new Cell(l, h, divergence[l][h]));
            }
        }
        all.sort(Comparator.comparingDouble((Cell c) -> -c.divergence()).thenComparingInt(Cell::layer)
                .thenComparingInt(Cell::head));
        return all;
    }
}
