package dev.tenor.eval.annoy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tenor.eval.ExactSearch;
import dev.tenor.eval.Neighbours;
import dev.tenor.io.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnoyIndexTest {

    private static final int DIM = 32;
    private static final int ITEMS = 500;
    private static final int TREES = 10;

    /**
     * Written by Annoy 1.17.0's own C++ (annoylib.h as shipped with RcppAnnoy 0.0.20, the same header as
     * Python's annoy 1.17): {@code AnnoyIndex<int32_t, float, Angular, Kiss64Random,
     * AnnoyIndexSingleThreadedBuildPolicy> b(4)}, items i = (i, 1, i % 7, 3 - i % 5) for i < 50,
     * {@code b.build(7, 1); b.save(...)}. That build answered the query (10, 1, 2, 0), n = 5, with the
     * ids and distances below.
     */
    private static final String GOLDEN = "annoy-1.17.0-angular-dim4.ann";
    private static final int[] GOLDEN_IDS = {18, 17, 27, 8, 34};
    private static final float[] GOLDEN_DISTANCES = {0.048450f, 0.073729f, 0.074469f, 0.076974f, 0.077970f};

    @TempDir
    Path dir;

    @BeforeAll
    static void nativeLibrary() {
        assertTrue(AnnoyIndex.isAvailable(), () -> AnnoyIndex.unavailableReason().orElse(""));
        assertEquals("", AnnoyIndex.unavailableReason().orElse(""));
    }

    static float[][] gaussian(int rows, int dim, long seed) {
        Random r = new Random(seed);
        float[][] v = new float[rows][dim];
        for (float[] row : v) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return v;
    }

    @Test
    void buildSaveLoadQueryAndFullSearchEqualsExact() throws IOException {
        float[][] items = gaussian(ITEMS, DIM, 42);
        float[][] queries = gaussian(60, DIM, 7);
        int k = 10;
        Neighbours exact = ExactSearch.search(items, queries, k);
        Path file = dir.resolve("sub/index.ann");
        AnnoyIndex.Hits[] before = new AnnoyIndex.Hits[queries.length];
        try (AnnoyIndex index = AnnoyIndex.create(DIM)) {
            index.addAll(items);
            assertEquals(ITEMS, index.size());
            index.build(TREES);
            assertEquals(TREES, index.trees());
            for (int q = 0; q < queries.length; q++) {
                // search_k = items x trees: every leaf of every tree is visited, so the answer is exact.
                before[q] = index.query(queries[q], k, ITEMS * TREES);
                assertMatchesExact(before[q], exact.ids()[q], exact.similarities()[q]);
            }
            index.save(file);
            assertArrayEquals(before[3].ids(), index.query(queries[3], k, ITEMS * TREES).ids());
        }
        long size = Files.size(file);
        long node = 12 + 4 * DIM;
        assertEquals(0, size % node);
        // Items take 500 nodes; 10 trees of about 2 * 500 / 34 inner nodes each, plus root copies.
        assertTrue(size >= ITEMS * node + TREES * node && size <= 3 * ITEMS * node, "size " + size);
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            assertEquals(1, siblings.count(), "no temporary file left beside the index");
        }
        try (AnnoyIndex loaded = AnnoyIndex.load(file, DIM)) {
            assertEquals(ITEMS, loaded.size());
            assertEquals(TREES, loaded.trees());
            assertArrayEquals(items[123], loaded.item(123));
            for (int q = 0; q < queries.length; q++) {
                AnnoyIndex.Hits hits = loaded.query(queries[q], k, ITEMS * TREES);
                assertArrayEquals(before[q].ids(), hits.ids());
                assertArrayEquals(before[q].distances(), hits.distances());
            }
            // Default search_k (n x trees = 100 candidates) is approximate but still finds the item itself.
            AnnoyIndex.Hits self = loaded.query(items[77], 5);
            assertEquals(77, self.ids()[0]);
            assertEquals(0f, self.distances()[0], 1e-3f);
            assertEquals(1f, self.similarity(0), 1e-6f);
        }
    }

    private static void assertMatchesExact(AnnoyIndex.Hits hits, int[] ids, float[] sims) {
        assertEquals(ids.length, hits.size());
        for (int j = 0; j < ids.length; j++) {
            assertEquals(sims[j], hits.similarity(j), 1e-5f, "similarity of neighbour " + j);
            if (ids[j] != hits.ids()[j]) {
                // Only a near tie may swap places: float rounding differs between Annoy and the engine.
                int other = Arrays.stream(ids).boxed().toList().indexOf(hits.ids()[j]);
                assertTrue(other >= 0 && Math.abs(sims[other] - sims[j]) < 1e-5f,
                        "neighbour " + j + ": exact " + ids[j] + ", annoy " + hits.ids()[j]);
            }
        }
    }

    @Test
    void readsAndWritesAnnoysOwnFormatByteForByte() throws IOException {
        Path golden = dir.resolve(GOLDEN);
        try (InputStream in = AnnoyIndexTest.class.getResourceAsStream(GOLDEN)) {
            Files.copy(in, golden);
        }
        try (AnnoyIndex index = AnnoyIndex.load(golden, 4)) {
            assertEquals(50, index.size());
            assertEquals(7, index.trees());
            assertArrayEquals(new float[] {7f, 1f, 0f, 1f}, index.item(7));
            AnnoyIndex.Hits hits = index.query(new float[] {10f, 1f, 2f, 0f}, 5);
            assertArrayEquals(GOLDEN_IDS, hits.ids());
            assertArrayEquals(GOLDEN_DISTANCES, hits.distances(), 1e-6f);
        }
        // Same items, same trees, Annoy's fixed default seed: the file is the same, byte for byte.
        Path ours = dir.resolve("ours.ann");
        try (AnnoyIndex index = AnnoyIndex.create(4)) {
            for (int i = 0; i < 50; i++) {
                index.add(new float[] {i, 1f, i % 7, 3 - i % 5});
            }
            index.build(7);
            index.save(ours);
        }
        assertArrayEquals(Files.readAllBytes(golden), Files.readAllBytes(ours));
    }

    @Test
    void loadRejectsBadFilesWithTheirName() throws IOException {
        Path missing = dir.resolve("missing.ann");
        BadInputException e = assertThrows(BadInputException.class, () -> AnnoyIndex.load(missing, DIM));
        assertEquals(missing + ": Annoy index file not found", e.getMessage());

        Path empty = Files.createFile(dir.resolve("empty.ann"));
        e = assertThrows(BadInputException.class, () -> AnnoyIndex.load(empty, DIM));
        assertEquals(empty + ": the Annoy index file is empty", e.getMessage());

        Path odd = Files.write(dir.resolve("odd.ann"), new byte[141]);
        e = assertThrows(BadInputException.class, () -> AnnoyIndex.load(odd, DIM));
        assertEquals(odd + ": not an angular Annoy index of dimension 32 (size 141 bytes is not a multiple of"
                + " the node size 140)", e.getMessage());

        byte[] noise = new byte[140 * 50];
        new Random(3).nextBytes(noise);
        Path garbage = Files.write(dir.resolve("garbage.ann"), noise);
        e = assertThrows(BadInputException.class, () -> AnnoyIndex.load(garbage, DIM));
        assertTrue(e.getMessage().startsWith(garbage + ": not a valid angular Annoy index of dimension 32 ("),
                e.getMessage());

        e = assertThrows(BadInputException.class, () -> AnnoyIndex.load(dir, DIM));
        assertTrue(e.getMessage().startsWith(dir + ": not a file"), e.getMessage());
    }

    @Test
    void truncatedOrWrongDimensionFilesNeverCrash() throws IOException {
        Path file = dir.resolve("index.ann");
        try (AnnoyIndex index = AnnoyIndex.create(DIM)) {
            index.addAll(gaussian(200, DIM, 1));
            index.build(5);
            index.save(file);
        }
        byte[] bytes = Files.readAllBytes(file);
        int node = 12 + 4 * DIM;
        int nodes = bytes.length / node;
        float[] query = gaussian(1, DIM, 9)[0];
        int rejected = 0;
        for (int keep = 1; keep < nodes; keep += 7) {
            Path cut = Files.write(dir.resolve("cut.ann"), Arrays.copyOf(bytes, keep * node));
            try (AnnoyIndex index = AnnoyIndex.load(cut, DIM)) {
                // Whatever Annoy makes of a consistent prefix, every id it returns is inside the file.
                for (int id : index.query(query, 10, 1000).ids()) {
                    assertTrue(id >= 0 && id < index.size());
                }
            } catch (BadInputException expected) {
                assertTrue(expected.getMessage().startsWith(cut + ": not a valid angular Annoy index"));
                rejected++;
            }
        }
        assertTrue(rejected > 0);
        // A 32-dim file read as 8-dim: 140-byte nodes are not 44-byte nodes.
        BadInputException e = assertThrows(BadInputException.class, () -> AnnoyIndex.load(file, 8));
        assertTrue(e.getMessage().startsWith(file + ": not "), e.getMessage());
    }

    @Test
    void fewerResultsWhenTheIndexIsSmall() {
        try (AnnoyIndex index = AnnoyIndex.create(2)) {
            index.add(new float[] {1f, 0f});
            index.add(new float[] {0f, 1f});
            index.add(new float[] {1f, 1f});
            index.build(3);
            AnnoyIndex.Hits hits = index.query(new float[] {1f, 0.1f}, 10);
            assertArrayEquals(new int[] {0, 2, 1}, hits.ids());
            // Angular distance is sqrt(2 - 2 cos): 0 for the same direction, sqrt(2) at 90 degrees.
            float cos0 = (float) (1 / Math.sqrt(1.01));
            assertEquals(Math.sqrt(2 - 2 * cos0), hits.distances()[0], 1e-6);
            assertEquals(cos0, hits.similarity(0), 1e-6f);
            assertEquals(0.1 / Math.sqrt(1.01), hits.similarity(2), 1e-6);
        }
    }

    @Test
    void misuseIsAnErrorNotACrash() {
        AnnoyIndex index = AnnoyIndex.create(3);
        IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class,
                () -> index.add(new float[] {1f, 2f}));
        assertEquals("vector has 2 values, the index 3", wrongLength.getMessage());
        assertThrows(IllegalArgumentException.class, () -> index.add(new float[] {1f, Float.NaN, 0f}));
        IllegalStateException empty = assertThrows(IllegalStateException.class, () -> index.build(2));
        assertEquals("the Annoy index has no items to build from", empty.getMessage());
        assertEquals(0, index.add(new float[] {1f, 2f, 3f}));
        assertEquals(1, index.add(new float[] {3f, 2f, 1f}));
        assertThrows(IllegalStateException.class, () -> index.query(new float[] {1f, 2f, 3f}, 1));
        assertThrows(IllegalStateException.class, () -> index.save(dir.resolve("x.ann")));
        index.build(2);
        assertThrows(IllegalStateException.class, () -> index.add(new float[] {1f, 1f, 1f}));
        assertThrows(IllegalStateException.class, () -> index.build(2));
        assertThrows(IllegalArgumentException.class, () -> index.query(new float[] {1f, 2f, 3f}, 0));
        assertThrows(IllegalArgumentException.class, () -> index.query(new float[] {1f, 2f, 3f}, 1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> index.item(2));
        index.close();
        index.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> index.query(new float[] {1f, 2f, 3f}, 1));
        assertEquals("the Annoy index is closed", closed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AnnoyIndex.create(0));
    }

    @Test
    void nonAsciiFileNames() throws IOException {
        assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")), "file names are not UTF-8");
        Path file = dir.resolve("índice ü/ネット.ann");
        try (AnnoyIndex index = AnnoyIndex.create(2)) {
            index.add(new float[] {1f, 0f});
            index.add(new float[] {0f, 1f});
            index.build(1);
            index.save(file);
        }
        assertTrue(Files.size(file) > 0);
        try (AnnoyIndex index = AnnoyIndex.load(file, 2)) {
            assertArrayEquals(new int[] {1, 0}, index.query(new float[] {0.1f, 1f}, 2).ids());
        }
    }

    @Test
    void cosineFromAngularDistance() {
        assertEquals(1f, AnnoyIndex.cosine(0f), 0f);
        assertEquals(0f, AnnoyIndex.cosine((float) Math.sqrt(2)), 1e-6f);
        assertEquals(-1f, AnnoyIndex.cosine(2f), 0f);
    }

    @Test
    void loadedIndexAnswersFromSeveralThreads() throws Exception {
        float[][] items = gaussian(300, 16, 5);
        Path file = dir.resolve("mt.ann");
        try (AnnoyIndex index = AnnoyIndex.create(16)) {
            index.addAll(items);
            index.build(4);
            index.save(file);
        }
        try (AnnoyIndex index = AnnoyIndex.load(file, 16)) {
            int[] serial = index.query(items[10], 7).ids();
            int[][] parallel = java.util.stream.IntStream.range(0, 64).parallel()
                    .mapToObj(i -> index.query(items[10], 7).ids()).toArray(int[][]::new);
            for (int[] ids : parallel) {
                assertArrayEquals(serial, ids);
            }
        }
    }
}
