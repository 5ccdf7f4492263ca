package dev.tenor.eval.map;

import dev.tenor.task.CancellationToken;
import java.util.Arrays;
import java.util.stream.IntStream;
import smile.feature.extraction.PCA;
import smile.manifold.UMAP;
import smile.math.MathEx;

/**
 * The one class that calls Smile (GPL-3.0), so the projection library can be swapped without touching the
 * rest of the map. Rows are L2-normalised first, so Euclidean distances order pairs as the evaluation's
 * cosine does.
 *
 * <p>UMAP runs Smile's defaults (15 neighbours, minimum distance 0.1, spread 1, 5 negative samples, 200
 * epochs above 10,000 points, else 500) on the first {@link #UMAP_PCA_DIMENSIONS} principal components, the
 * usual preprocessing that speeds up the neighbour search (MTOP test: 18 s instead of 34 s) and leaves fewer
 * points outside the neighbour graph's largest part. Smile's random numbers come from a per-thread generator,
 * seeded just before the run, and the run is the first of a fresh child JVM ({@link UmapProcess} says why), so
 * the same input and seed give the same map.
 */
public final class SmileProjector {

    /** UMAP's neighbourhood size (Smile's and the reference implementation's default). */
    public static final int UMAP_NEIGHBOURS = 15;
    /** Principal components kept before UMAP (0: none). */
    public static final int UMAP_PCA_DIMENSIONS = 50;
    /** Bumped when the projection's code or settings change, so cached maps of older code are not reused. */
    public static final String VERSION = "smile-3.1.1-v1";

    private SmileProjector() {
    }

    /** {@code vectors} (n rows of equal length) as n points in the plane. */
    public static float[][] project(float[][] vectors, MapMethod method, long seed) {
        return project(vectors, method, seed, CancellationToken.NONE);
    }

    /**
     * As {@link #project(float[][], MapMethod, long)}; UMAP runs in a child JVM ({@link UmapProcess}, which says
     * why) and stops when {@code cancel} is.
     */
    public static float[][] project(float[][] vectors, MapMethod method, long seed, CancellationToken cancel) {
        int n = vectors.length;
        if (n == 0) {
            return new float[0][];
        }
        double[][] rows = normalised(vectors);
        int dim = rows[0].length;
        if (n < 3 || dim < 2) {
            throw new IllegalArgumentException("a map needs at least 3 vectors of 2 or more values, got " + n
                    + " of " + dim);
        }
        return switch (method) {
            case PCA -> toFloat(principalComponents(rows, 2));
            case UMAP -> UmapProcess.project(UMAP_PCA_DIMENSIONS < dim && UMAP_PCA_DIMENSIONS < n
                    ? toFloat(principalComponents(rows, UMAP_PCA_DIMENSIONS), UMAP_PCA_DIMENSIONS) : toFloat(rows, dim),
                    seed, cancel);
        };
    }

    /** UMAP in this process (the child of {@link UmapProcess}): right only for the process's first ARPACK call. */
    static float[][] umapHere(float[][] vectors, long seed) {
        return umap(toDouble(vectors), seed);
    }

    private static double[][] toDouble(float[][] vectors) {
        double[][] rows = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            rows[i] = new double[vectors[i].length];
            for (int j = 0; j < vectors[i].length; j++) {
                rows[i][j] = vectors[i][j];
            }
        }
        return rows;
    }

    /** The rows' coordinates on their first {@code k} principal axes. */
    static double[][] principalComponents(double[][] rows, int k) {
        PCA pca = PCA.fit(rows).getProjection(k);
        return pca.apply(rows);
    }

    private static float[][] umap(double[][] rows, long seed) {
        int n = rows.length;
        int k = Math.min(UMAP_NEIGHBOURS, n - 1);
        if (k < 2) {
            throw new IllegalArgumentException("UMAP needs at least 3 points, got " + n);
        }
        MathEx.setSeed(seed);
        UMAP umap = UMAP.of(rows, k, 2, n > 10_000 ? 200 : 500, 1.0, 0.1, 1.0, 5, 1.0);
        float[][] out = new float[n][];
        for (int i = 0; i < umap.index.length; i++) {
            out[umap.index[i]] = new float[] {(float) umap.coordinates[i][0], (float) umap.coordinates[i][1]};
        }
        if (umap.index.length < n) {
            placeOutsiders(rows, out, k);
        }
        return out;
    }

    /**
     * Smile lays out only the largest connected part of the neighbour graph. A point outside it is put where
     * UMAP puts a new point before refining it: at the mean of its {@code k} nearest laid-out points.
     */
    private static void placeOutsiders(double[][] rows, float[][] out, int k) {
        int[] laidOut = IntStream.range(0, rows.length).filter(j -> out[j] != null).toArray();
        for (int i = 0; i < rows.length; i++) {
            if (out[i] != null && contains(laidOut, i)) {
                continue;
            }
            double[] row = rows[i];
            double[] d = new double[laidOut.length];
            Integer[] order = new Integer[laidOut.length];
            for (int j = 0; j < laidOut.length; j++) {
                d[j] = MathEx.squaredDistance(row, rows[laidOut[j]]);
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> d[a] != d[b] ? Double.compare(d[a], d[b]) : Integer.compare(a, b));
            int m = Math.min(k, order.length);
            float x = 0;
            float y = 0;
            for (int j = 0; j < m; j++) {
                float[] p = out[laidOut[order[j]]];
                x += p[0];
                y += p[1];
            }
            out[i] = new float[] {x / m, y / m};
        }
    }

    private static boolean contains(int[] sorted, int value) {
        return Arrays.binarySearch(sorted, value) >= 0;
    }

    private static double[][] normalised(float[][] vectors) {
        int dim = vectors[0].length;
        double[][] rows = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            float[] v = vectors[i];
            if (v.length != dim) {
                throw new IllegalArgumentException("vector " + i + " has " + v.length + " values, expected " + dim);
            }
            double norm = 0;
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException("vector " + i + " holds a NaN or infinite value");
                }
                norm += (double) x * x;
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            double[] r = new double[dim];
            for (int j = 0; j < dim; j++) {
                r[j] = v[j] / norm;
            }
            rows[i] = r;
        }
        return rows;
    }

    private static float[][] toFloat(double[][] rows) {
        return toFloat(rows, 2);
    }

    private static float[][] toFloat(double[][] rows, int dim) {
        float[][] out = new float[rows.length][dim];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < dim; j++) {
                out[i][j] = (float) rows[i][j];
            }
        }
        return out;
    }
}
