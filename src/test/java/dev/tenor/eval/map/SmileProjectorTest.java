package dev.tenor.eval.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The projections: PCA against principal axes found by power iteration here, UMAP's seeding and point count
 * (also when Smile lays out only part of the neighbour graph), and bad input.
 */
class SmileProjectorTest {

    /** Rows with very different spreads along their axes, shifted off the origin so that centring matters. */
    static float[][] anisotropic(int n, int dim, long seed) {
        Random r = new Random(seed);
        float[][] rows = new float[n][dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                rows[i][j] = (float) (r.nextGaussian() * (dim - j) * (dim - j) * 0.1 + (j == 0 ? 3 : 1));
            }
        }
        return rows;
    }

    @Test
    void pcaCoordinatesAreTheProjectionsOnTheTopTwoPrincipalAxes() {
        float[][] rows = anisotropic(80, 6, 3);
        float[][] points = SmileProjector.project(rows, MapMethod.PCA, 1);
        assertEquals(80, points.length);

        // Independent: normalise rows as the projector says it does, centre, covariance, power iteration.
        int n = rows.length;
        int d = rows[0].length;
        double[][] x = new double[n][d];
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (float v : rows[i]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                x[i][j] = rows[i][j] / norm;
                mean[j] += x[i][j] / n;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] row : x) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]) / (n - 1);
                }
            }
        }
        double[] first = powerIteration(cov);
        double lambda1 = rayleigh(cov, first);
        double[][] deflated = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                deflated[a][b] = cov[a][b] - lambda1 * first[a] * first[b];
            }
        }
        double[] second = powerIteration(deflated);
        double[][] axes = {first, second};
        for (int c = 0; c < 2; c++) {
            double sign = 0;
            for (int i = 0; i < n; i++) {
                double expected = 0;
                for (int j = 0; j < d; j++) {
                    expected += (x[i][j] - mean[j]) * axes[c][j];
                }
                if (sign == 0 && Math.abs(expected) > 1e-3) {
                    sign = Math.signum(expected) * Math.signum(points[i][c]); // an axis has no preferred sign
                }
                assertEquals(expected, sign * points[i][c], 1e-5, "point " + i + ", axis " + c);
            }
        }
        for (double[] axis : axes) { // the test's own axes are eigenvectors: C v = lambda v
            double lambda = rayleigh(cov, axis);
            for (int a = 0; a < d; a++) {
                double cv = 0;
                for (int b = 0; b < d; b++) {
                    cv += cov[a][b] * axis[b];
                }
                assertEquals(lambda * axis[a], cv, 1e-9);
            }
        }
    }

    private static double[] powerIteration(double[][] m) {
        double[] v = new double[m.length];
        Arrays.fill(v, 1);
        for (int it = 0; it < 5000; it++) {
            double[] w = new double[v.length];
            for (int a = 0; a < m.length; a++) {
                for (int b = 0; b < m.length; b++) {
                    w[a] += m[a][b] * v[b];
                }
            }
            double norm = Math.sqrt(Arrays.stream(w).map(t -> t * t).sum());
            for (int a = 0; a < w.length; a++) {
                w[a] /= norm;
            }
            v = w;
        }
        return v;
    }

    private static double rayleigh(double[][] m, double[] v) {
        double s = 0;
        for (int a = 0; a < m.length; a++) {
            for (int b = 0; b < m.length; b++) {
                s += v[a] * m[a][b] * v[b];
            }
        }
        return s;
    }

    @Test
    void umapWithTheSameSeedGivesTheSameMapAndAnotherSeedAnother() {
        float[][] rows = anisotropic(120, 16, 5);
        float[][] a = SmileProjector.project(rows, MapMethod.UMAP, 7);
        float[][] b = SmileProjector.project(rows, MapMethod.UMAP, 7);
        float[][] c = SmileProjector.project(rows, MapMethod.UMAP, 8);
        assertEquals(120, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(2, a[i].length);
            assertTrue(Float.isFinite(a[i][0]) && Float.isFinite(a[i][1]));
            assertArrayEquals(a[i], b[i], "point " + i);
        }
        assertFalse(Arrays.deepEquals(a, c), "the seed changes the layout");
    }

    @Test
    void umapKeepsNeighbourhoods() {
        // Three tight, well-separated groups that still touch through a few bridge points.
        float[][] rows = new float[90][8];
        Random r = new Random(11);
        for (int i = 0; i < 90; i++) {
            int group = i % 3;
            for (int j = 0; j < 8; j++) {
                rows[i][j] = (float) ((j == group ? 1 : 0) + 0.05 * r.nextGaussian() + (i < 6 ? 0.4 : 0));
            }
        }
        float[][] p = SmileProjector.project(rows, MapMethod.UMAP, 42);
        assertEquals(90, p.length);
        // Each point's nearest point on the map is, for nearly all points, of its own group.
        int same = 0;
        for (int i = 0; i < 90; i++) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int j = 0; j < 90; j++) {
                double dx = p[i][0] - p[j][0];
                double dy = p[i][1] - p[j][1];
                if (j != i && dx * dx + dy * dy < bestD) {
                    bestD = dx * dx + dy * dy;
                    best = j;
                }
            }
            same += best % 3 == i % 3 ? 1 : 0;
        }
        assertTrue(same >= 84, same + " of 90 nearest map neighbours in the same group");
    }

    @Test
    void umapPlacesEveryPointWhenTheNeighbourGraphFallsApart() {
        // Two groups of 30 so far apart that no point's 15 neighbours reach the other group: Smile lays out
        // only one of them; the other is still placed, near its nearest laid-out points.
        float[][] rows = new float[60][6];
        Random r = new Random(2);
        for (int i = 0; i < 60; i++) {
            rows[i][i < 30 ? 0 : 1] = 1;
            for (int j = 2; j < 6; j++) {
                rows[i][j] = (float) (0.01 * r.nextGaussian());
            }
        }
        float[][] p = SmileProjector.project(rows, MapMethod.UMAP, 1);
        assertEquals(60, p.length);
        for (float[] point : p) {
            assertEquals(2, point.length);
            assertTrue(Float.isFinite(point[0]) && Float.isFinite(point[1]));
        }
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        assertEquals(0, SmileProjector.project(new float[0][], MapMethod.PCA, 1).length);
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> SmileProjector.project(new float[][] {{1, 2}, {2, 1}}, MapMethod.UMAP, 1));
        assertEquals("a map needs at least 3 vectors of 2 or more values, got 2 of 2", few.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> SmileProjector.project(new float[][] {{1, 2}, {2, Float.NaN}, {0, 1}}, MapMethod.PCA, 1));
        assertEquals("vector 1 holds a NaN or infinite value", nan.getMessage());
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> SmileProjector.project(new float[][] {{1, 2}, {2, 1, 3}, {0, 1}}, MapMethod.PCA, 1));
        assertEquals("vector 1 has 3 values, expected 2", ragged.getMessage());
    }
}
