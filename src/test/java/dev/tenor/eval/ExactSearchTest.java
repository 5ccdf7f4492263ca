package dev.tenor.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSearchTest {

    private static float[] v(float... x) {
        return x;
    }

    @Test
    void oneHotVectorsWithTiesGoToTheLowerId() {
        float[][] index = {
            v(1, 0, 0), // 0
            v(0, 1, 0), // 1
            v(1, 0, 0), // 2: same as 0
            v(0, 0, 1), // 3
            v(2, 0, 0), // 4: same direction as 0
        };
        float[][] queries = {v(3, 0, 0), v(0, 1, 0), v(0, 0, 0), v(1, 1, 0)};
        Neighbours n = ExactSearch.search(index, queries, 2);
        // 0, 2 and 4 tie at 1.0 across the cut at k = 2: the two lower ids win.
        assertArrayEquals(new int[] {0, 2}, n.ids()[0]);
        assertArrayEquals(new float[] {1f, 1f}, n.similarities()[0], 1e-6f);
        // Then 0, 2, 3, 4 all tie at 0.
        assertArrayEquals(new int[] {1, 0}, n.ids()[1]);
        assertArrayEquals(new float[] {1f, 0f}, n.similarities()[1], 1e-6f);
        // A zero query is orthogonal to everything (as in Annoy): ids in order.
        assertArrayEquals(new int[] {0, 1}, n.ids()[2]);
        assertArrayEquals(new float[] {0f, 0f}, n.similarities()[2], 0f);
        float half = (float) Math.sqrt(0.5);
        assertArrayEquals(new int[] {0, 1}, n.ids()[3]);
        assertArrayEquals(new float[] {half, half}, n.similarities()[3], 1e-6f);

        Neighbours all = ExactSearch.search(index, queries, 10);
        assertArrayEquals(new int[] {0, 2, 4, 1, 3}, all.ids()[0]);
        assertArrayEquals(new int[] {0, 1, 2, 4, 3}, all.ids()[3]);
    }

    @Test
    void randomDataMatchesBruteForceInDoublesAcrossChunks() {
        Random r = new Random(11);
        float[][] index = gaussian(r, 300, 24);
        float[][] queries = gaussian(r, 45, 24);
        int k = 7;
        Neighbours big;
        Neighbours small;
        try (ExactSearch search = new ExactSearch(index)) {
            assertEquals(300, search.size());
            assertEquals(24, search.dimension());
            big = search.search(queries, k);
        }
        try (ExactSearch search = new ExactSearch(index, null, 300 * 4)) {
            assertEquals(4, search.chunkRows()); // 45 queries in 12 chunks, the last one short
            List<long[]> progress = new ArrayList<>();
            small = search.search(queries, k, (done, total, msg) -> progress.add(new long[] {done, total}),
                    CancellationToken.NONE);
            assertEquals(13, progress.size());
            assertArrayEquals(new long[] {0, 45}, progress.get(0));
            assertArrayEquals(new long[] {4, 45}, progress.get(1));
            assertArrayEquals(new long[] {45, 45}, progress.get(12));
        }
        // Chunk shapes change the engine's summation order, so scores may differ in the last bits only.
        for (int q = 0; q < queries.length; q++) {
            assertArrayEquals(big.ids()[q], small.ids()[q]);
            assertArrayEquals(big.similarities()[q], small.similarities()[q], 1e-6f);
        }
        for (int q = 0; q < queries.length; q++) {
            double[] sims = new double[index.length];
            Integer[] order = new Integer[index.length];
            for (int i = 0; i < index.length; i++) {
                sims[i] = cosine(queries[q], index[i]);
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(sims[b], sims[a]));
            for (int j = 0; j < k; j++) {
                assertEquals(order[j], big.ids()[q][j], "query " + q + " rank " + j);
                assertEquals(sims[order[j]], big.similarities()[q][j], 1e-5);
            }
        }
    }

    /** The size of MTOP English (15,667 train x 4,386 test, 384-d): completes in seconds, memory bounded. */
    @Test
    void mtopSizedSearchCompletes() {
        Random r = new Random(3);
        float[][] index = gaussian(r, 15_667, 384);
        float[][] queries = gaussian(r, 4_386, 384);
        Neighbours n;
        try (ExactSearch search = new ExactSearch(index)) {
            assertEquals(1_070, search.chunkRows()); // 16 Mi floats / 15,667 items
            n = search.search(queries, 20);
        }
        assertEquals(4_386, n.queries());
        for (int q = 0; q < n.queries(); q++) {
            assertEquals(20, n.ids()[q].length);
            for (int j = 1; j < 20; j++) {
                assertTrue(n.similarities()[q][j - 1] >= n.similarities()[q][j]);
            }
        }
        for (int q : new int[] {0, 1_069, 1_070, 4_385}) {
            int best = 0;
            double bestSim = -2;
            for (int i = 0; i < index.length; i++) {
                double s = cosine(queries[q], index[i]);
                if (s > bestSim) {
                    bestSim = s;
                    best = i;
                }
            }
            assertEquals(best, n.ids()[q][0], "query " + q);
            assertEquals(bestSim, n.similarities()[q][0], 1e-5);
        }
    }

    @Test
    void moreNeighboursThanItemsGivesAllItems() {
        Neighbours n = ExactSearch.search(new float[][] {v(1, 0), v(0, 1)}, new float[][] {v(0, 2)}, 5);
        assertArrayEquals(new int[] {1, 0}, n.ids()[0]);
    }

    @Test
    void cancellationStopsBetweenChunks() {
        CancellationToken token = new CancellationToken();
        token.cancel();
        try (ExactSearch search = new ExactSearch(new float[][] {v(1, 0)})) {
            assertThrows(CancelledException.class,
                    () -> search.search(new float[][] {v(1, 0)}, 1, (d, t, m) -> { }, token));
        }
    }

    @Test
    void badShapesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExactSearch.search(new float[][] {v(1, 0), v(1, 0, 0)}, new float[][] {v(1, 0)}, 1));
        assertEquals("index vector 1 has 3 values, expected 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ExactSearch.search(new float[][] {v(1, 0)}, new float[][] {v(1, 0), v(Float.NaN, 0)}, 1));
        assertEquals("query vector 1 holds a NaN or infinite value", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExactSearch.search(new float[0][], new float[0][], 1));
        assertThrows(IllegalArgumentException.class,
                () -> ExactSearch.search(new float[][] {v(1, 0)}, new float[][] {v(1, 0)}, 0));
    }

    @Test
    void sortKeysOrderBySimilarityThenId() {
        float[] sims = {0.5f, -0.25f, 0.5f, 1f, -1f, 0f, -0f, 0.4999999f};
        long[] keys = new long[sims.length];
        for (int i = 0; i < sims.length; i++) {
            keys[i] = ExactSearch.key(sims[i], i);
            assertEquals(i, ExactSearch.idOf(keys[i]));
            assertEquals(sims[i] + 0f, ExactSearch.similarityOf(keys[i]), 0f);
        }
        Arrays.sort(keys);
        int[] ids = Arrays.stream(keys).mapToInt(ExactSearch::idOf).toArray();
        assertArrayEquals(new int[] {3, 0, 2, 7, 5, 6, 1, 4}, ids);
    }

    static float[][] gaussian(Random r, int rows, int dim) {
        float[][] v = new float[rows][dim];
        for (float[] row : v) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return v;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
