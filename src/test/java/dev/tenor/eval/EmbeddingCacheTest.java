package dev.tenor.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.model.EncoderVersion;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {

    static final SentenceSettings SETTINGS = new SentenceSettings(128, Pooling.MEAN, true, "");
    static final List<String> TEXTS = List.of("set an alarm", "what's the weather", "call mom", "play jazz");

    @TempDir
    static Path models;

    static ModelFolder folder;

    @TempDir
    Path dir;

    EmbeddingCache cache;
    int embedded;

    @BeforeAll
    static void model() throws IOException {
        folder = TinyModels.write(models.resolve("tiny"), SETTINGS, 7);
    }

    @BeforeEach
    void setUp() {
        cache = new EmbeddingCache(dir.resolve("embeddings"));
        embedded = 0;
    }

    /** A fake encoder: row i is (i, length of text i, 0.5), and every call is counted. */
    private float[][] embed(List<String> texts) {
        embedded++;
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[] {i, texts.get(i).length(), 0.5f};
        }
        return out;
    }

    @Test
    void secondLookupIsServedFromDiskBitForBit() throws IOException {
        EmbeddingCache.Key key = cache.key(folder, SETTINGS, "source-sha", TEXTS);
        EmbeddingCache.Lookup first = cache.get(key, TEXTS, this::embed);
        assertEquals(EmbeddingCache.Outcome.MISS, first.outcome());
        EmbeddingCache.Lookup second = cache.get(key, TEXTS, this::embed);
        assertEquals(EmbeddingCache.Outcome.HIT, second.outcome());
        assertEquals(1, embedded);
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
        assertTrue(Arrays.deepEquals(first.vectors(), second.vectors()));
        assertArrayEquals(new float[] {2, 8, 0.5f}, second.vectors()[2]);
        // header 52 bytes + 4 x 3 floats + 8-byte checksum; nothing else but the sidecar in the folder
        assertEquals(52 + 4 * 3 * 4 + 8, Files.size(cache.file(key)));
        assertEquals(Stream.of(EmbeddingCache.SIDECAR, key.id() + ".emb").sorted().toList(), listing());
        // A fresh cache object on the same folder (another process) finds it too.
        assertEquals(EmbeddingCache.Outcome.HIT, new EmbeddingCache(cache.dir()).get(key, TEXTS, this::embed).outcome());
    }

    @Test
    void theKeyCoversModelSettingsSourceAndTexts() {
        EmbeddingCache.Key key = cache.key(folder, SETTINGS, "source-sha", TEXTS);
        List<String> ids = new ArrayList<>(List.of(key.id(),
                cache.key(folder, SETTINGS.withMaxSeqLength(64), "source-sha", TEXTS).id(),
                cache.key(folder, new SentenceSettings(128, Pooling.CLS, true, ""), "source-sha", TEXTS).id(),
                cache.key(folder, SETTINGS.withNormalize(false), "source-sha", TEXTS).id(),
                cache.key(folder, new SentenceSettings(128, Pooling.MEAN, true, "query: "), "source-sha", TEXTS).id(),
                cache.key(folder, SETTINGS, "other-source", TEXTS).id(),
                cache.key(folder, SETTINGS, "source-sha", TEXTS.subList(0, 3)).id(),
                cache.key(folder, SETTINGS, "source-sha", List.of("set an alarmwhat's the weather", "call mom",
                        "play jazz")).id(),
                // the same model and texts embedded by other code: a numerical change never reuses old numbers
                new EmbeddingCache.Key(key.modelHash(), SETTINGS, "source-sha", key.textsSha256(),
                        "numerics-1 PyTorch-2.7.1 tenor-dev").id()));
        assertEquals(ids.size(), ids.stream().distinct().count(), ids.toString());
        assertEquals(key.id(), cache.key(folder, SETTINGS, "source-sha", new ArrayList<>(TEXTS)).id());
        assertTrue(key.id().matches("[0-9a-f]{64}"));
        assertEquals(EncoderVersion.id(), key.encoderVersion());
        assertTrue(key.encoderVersion().startsWith("numerics-" + EncoderVersion.NUMERICS + " PyTorch-"),
                key.encoderVersion());
    }

    @Test
    void modelHashIsRememberedAndFollowsTheFiles() throws IOException {
        Path copy = models.resolve("copy-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(folder.dir())) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(folder.dir().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        ModelFolder other = ModelFolder.open(copy);
        String hash = cache.modelHash(other);
        int hashed = cache.modelFilesHashed();
        assertTrue(hashed >= 5, "config, weights, tokenizer and sentence-transformers files: " + hashed);
        assertEquals(cache.modelHash(folder), hash, "same content, same hash, wherever it lives");
        int afterBoth = cache.modelFilesHashed();
        assertEquals(hash, cache.modelHash(other));
        assertEquals(afterBoth, cache.modelFilesHashed(), "unchanged files are not read again");
        assertEquals(hash, new EmbeddingCache(cache.dir()).modelHash(other), "the sidecar outlives the object");

        // Touched: hashed again, same hash. Changed: another hash, so another cache entry.
        Path weights = other.weightsFile();
        Files.setLastModifiedTime(weights, FileTime.fromMillis(Files.getLastModifiedTime(weights).toMillis() - 5_000));
        assertEquals(hash, cache.modelHash(other));
        assertEquals(afterBoth + 1, cache.modelFilesHashed());
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 1] ^= 1;
        Files.write(weights, bytes);
        assertNotEquals(hash, cache.modelHash(other));
    }

    @Test
    void damagedEntriesAreRecomputedNeverTrusted() throws IOException {
        EmbeddingCache.Key key = cache.key(folder, SETTINGS, "source-sha", TEXTS);
        float[][] good = cache.get(key, TEXTS, this::embed).vectors();
        Path file = cache.file(key);
        byte[] pristine = Files.readAllBytes(file);
        List<UnaryOperator<byte[]>> damages = List.of(
                b -> Arrays.copyOf(b, b.length - 9),                  // truncated
                b -> Arrays.copyOf(b, 30),                            // truncated inside the header
                b -> new byte[0],                                     // empty
                b -> flip(b, 52 + 17),                                // a float changed
                b -> flip(b, b.length - 1),                           // checksum changed
                b -> flip(b, 0),                                      // magic
                b -> flip(b, 8),                                      // version
                b -> flip(b, 24),                                     // the key inside
                b -> withRows(b, 3),                                  // header says 3 rows
                b -> Arrays.copyOf(b, b.length + 4));                 // trailing garbage
        int round = 0;
        for (UnaryOperator<byte[]> damage : damages) {
            round++;
            Files.write(file, damage.apply(pristine.clone()));
            EmbeddingCache.Lookup l = cache.get(key, TEXTS, this::embed);
            assertEquals(EmbeddingCache.Outcome.CORRUPT, l.outcome(), "damage " + round);
            assertTrue(Arrays.deepEquals(good, l.vectors()));
            assertArrayEquals(pristine, Files.readAllBytes(file), "rewritten whole after damage " + round);
            assertEquals(EmbeddingCache.Outcome.HIT, cache.get(key, TEXTS, this::embed).outcome());
        }
        assertEquals(damages.size(), cache.corruptEntries());
        assertEquals(1 + damages.size(), embedded);
        assertEquals(Stream.of(EmbeddingCache.SIDECAR, key.id() + ".emb").sorted().toList(), listing(), "no temporary files left");
    }

    @Test
    void anotherKeysFileUnderThisNameIsRejected() throws IOException {
        EmbeddingCache.Key a = cache.key(folder, SETTINGS, "a", TEXTS);
        EmbeddingCache.Key b = cache.key(folder, SETTINGS, "b", TEXTS);
        cache.get(a, TEXTS, this::embed);
        Files.copy(cache.file(a), cache.file(b));
        assertThrows(EmbeddingCache.CorruptEntryException.class, () -> cache.read(b, TEXTS.size()));
        assertThrows(EmbeddingCache.CorruptEntryException.class, () -> cache.read(a, TEXTS.size() + 1));
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> cache.read(cache.key(folder, SETTINGS, "c", TEXTS), TEXTS.size()));
        assertEquals(EmbeddingCache.Outcome.CORRUPT, cache.get(b, TEXTS, this::embed).outcome());
    }

    private static byte[] flip(byte[] b, int at) {
        b[at] ^= 0x10;
        return b;
    }

    private static byte[] withRows(byte[] b, int rows) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, rows);
        return b;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(cache.dir())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
