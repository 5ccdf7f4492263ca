package dev.tenor.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tenor.model.DjlSetup;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.util.Arrays;

/**
 * Exact cosine nearest neighbours: the ground truth an approximate index is measured against. Rows are
 * L2-normalised once, then each chunk of queries is one matrix product with the whole index on the DJL
 * engine; chunks are sized so the score matrix stays under {@link #SCORE_BUDGET} floats.
 *
 * <p>Results are deterministic: neighbours are sorted by similarity, ties going to the lower id (the
 * engine's top-k does not promise an order among equal scores, so ties are settled here).
 */
public final class ExactSearch implements AutoCloseable {

    /** Most floats in one chunk's score matrix (64 MB). */
    public static final long SCORE_BUDGET = 16L << 20;

    private static final String STAGE = "exact search";

    private final NDManager manager;
    private final NDArray indexT;
    private final int size;
    private final int dimension;
    private final long scoreBudget;

    /** Holds {@code index} (rows of equal length) on the engine's default device. */
    public ExactSearch(float[][] index) {
        this(index, null);
    }

    /** Holds {@code index} on {@code device} (null: the engine's default). */
    public ExactSearch(float[][] index, Device device) {
        this(index, device, SCORE_BUDGET);
    }

    /** With another score budget per chunk (tests use a tiny one to cross chunk boundaries). */
    ExactSearch(float[][] index, Device device, long scoreBudget) {
        if (scoreBudget < 1) {
            throw new IllegalArgumentException("score budget must be positive");
        }
        this.scoreBudget = scoreBudget;
        if (index.length == 0) {
            throw new IllegalArgumentException("the index has no vectors");
        }
        DjlSetup.init();
        this.size = index.length;
        this.dimension = index[0].length;
        if (dimension == 0) {
            throw new IllegalArgumentException("index vectors are empty");
        }
        float[] flat = flatten(index, 0, size, dimension, "index");
        manager = NDManager.newBaseManager(device);
        try (NDManager scratch = manager.newSubManager()) {
            NDArray raw = scratch.create(flat, new Shape(size, dimension));
            NDArray t = raw.normalize(2, 1, 1e-12).transpose();
            t.attach(manager); // keep only the normalised, transposed index; the rest dies with scratch
            indexT = t;
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    /** One-shot search: builds the index, answers the queries, frees the index. */
    public static Neighbours search(float[][] index, float[][] queries, int k) {
        try (ExactSearch search = new ExactSearch(index)) {
            return search.search(queries, k);
        }
    }

    public int size() {
        return size;
    }

    public int dimension() {
        return dimension;
    }

    /** The min(k, size) most similar index rows of each query. */
    public Neighbours search(float[][] queries, int k) {
        return search(queries, k, ProgressListener.NONE, CancellationToken.NONE);
    }

    /** As {@link #search(float[][], int)}, reporting progress in queries and stopping between chunks. */
    public Neighbours search(float[][] queries, int k, ProgressListener progress, CancellationToken cancel) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        int keep = Math.min(k, size);
        int ask = Math.min(keep + 1, size); // one more than kept, to see ties at the cut
        int[][] ids = new int[queries.length][];
        float[][] sims = new float[queries.length][];
        int chunk = chunkRows();
        progress.progress(0, queries.length, STAGE);
        for (int start = 0; start < queries.length; start += chunk) {
            cancel.throwIfCancelled();
            int rows = Math.min(chunk, queries.length - start);
            float[] flat = flatten(queries, start, rows, dimension, "query");
            try (NDManager batch = manager.newSubManager()) {
                NDArray q = batch.create(flat, new Shape(rows, dimension)).normalize(2, 1, 1e-12);
                NDArray scores = q.matMul(indexT);
                NDList top = scores.topK(ask, 1, true, true);
                float[] values = top.get(0).toFloatArray();
                long[] found = top.get(1).toLongArray();
                for (int r = 0; r < rows; r++) {
                    long[] keys;
                    if (ask > keep && values[r * ask + keep - 1] == values[r * ask + keep]) {
                        // Equal scores straddle the cut: which ones are in depends on the lower ids.
                        float[] row = scores.get(r).toFloatArray();
                        keys = new long[row.length];
                        for (int j = 0; j < row.length; j++) {
                            keys[j] = key(row[j], j);
                        }
                    } else {
                        keys = new long[keep];
                        for (int j = 0; j < keep; j++) {
                            keys[j] = key(values[r * ask + j], (int) found[r * ask + j]);
                        }
                    }
                    Arrays.sort(keys);
                    int[] rowIds = new int[keep];
                    float[] rowSims = new float[keep];
                    for (int j = 0; j < keep; j++) {
                        rowIds[j] = idOf(keys[j]);
                        rowSims[j] = similarityOf(keys[j]);
                    }
                    ids[start + r] = rowIds;
                    sims[start + r] = rowSims;
                }
            }
            progress.progress(start + rows, queries.length, STAGE);
        }
        return new Neighbours(ids, sims);
    }

    /** Queries per chunk, so one chunk's score matrix holds at most {@link #SCORE_BUDGET} floats. */
    public int chunkRows() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, scoreBudget / size));
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * A sort key whose ascending order is similarity descending, then id ascending: the float's bits
     * made order-preserving as an int, inverted, in the high half; the id in the low half.
     */
    static long key(float similarity, int id) {
        int bits = Float.floatToIntBits(similarity + 0.0f); // + 0.0f turns -0.0 into 0.0
        int ordered = bits >= 0 ? bits : bits ^ 0x7fffffff;
        return ((long) ~ordered << 32) | (id & 0xffffffffL);
    }

    static int idOf(long key) {
        return (int) key;
    }

    static float similarityOf(long key) {
        int ordered = ~(int) (key >>> 32);
        return Float.intBitsToFloat(ordered >= 0 ? ordered : ordered ^ 0x7fffffff);
    }

    /** Rows {@code from .. from+count-1} as one row-major array, checked for length and finite values. */
    private static float[] flatten(float[][] rows, int from, int count, int dimension, String what) {
        float[] flat = new float[Math.multiplyExact(count, dimension)];
        for (int i = from; i < from + count; i++) {
            float[] row = rows[i];
            if (row.length != dimension) {
                throw new IllegalArgumentException(what + " vector " + i + " has " + row.length
                        + " values, expected " + dimension);
            }
            for (float x : row) {
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException(what + " vector " + i + " holds a NaN or infinite value");
                }
            }
            System.arraycopy(row, 0, flat, (i - from) * dimension, dimension);
        }
        return flat;
    }
}
