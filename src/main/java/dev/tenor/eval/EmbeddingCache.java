package dev.tenor.eval;

import dev.tenor.io.AtomicFiles;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.EncoderVersion;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.SentenceSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Sentence embeddings kept on disk, so a second evaluation of the same model on the same data skips the
 * encoder. A cache entry is keyed by the model folder's content hash ({@link ModelHash}), the settings the
 * encoder ran with (max_seq_length, pooling, normalisation, prompt), the SHA-256 of the dataset split file
 * and the SHA-256 of the exact sentences embedded (so a subset, such as the first N test sentences, is an
 * entry of its own).
 *
 * <p>One binary file per entry, {@code <key>.emb}, little-endian:
 * <pre>
 *   8 bytes  magic "TENOREMB"
 *   int      format version (1)
 *   int      rows
 *   int      dimension
 *   32 bytes the entry's key (SHA-256), so a renamed or swapped file is not taken for another
 *   rows x dimension float32, row-major
 *   long     CRC-32C of everything before it
 * </pre>
 * Files are written atomically (temporary sibling, then rename). A file whose size, header, key or checksum
 * is wrong is never trusted: it is deleted, counted as corrupt and the embeddings are computed again.
 */
public final class EmbeddingCache {

    /** Sub-folder of the data cache holding the entries. */
    public static final String FOLDER = "embeddings";
    static final String SIDECAR = "model-file-hashes.json";
    static final String SUFFIX = ".emb";
    private static final byte[] MAGIC = "TENOREMB".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + 4 + 4 + 4 + 32;
    private static final int TRAILER = 8;

    /** How a lookup was served. */
    public enum Outcome {
        /** Read from the cache. */
        HIT,
        /** Not cached: computed and stored. */
        MISS,
        /** A damaged entry was found, deleted, and the embeddings computed and stored again. */
        CORRUPT,
        /** The cache was bypassed: computed, not stored. */
        BYPASSED
    }

    /** What a cache entry stands for; {@link #id()} is its file name. */
    public record Key(String modelHash, SentenceSettings settings, String sourceSha256, String textsSha256,
                      String encoderVersion) {

        /** A key for embeddings computed by this code ({@link EncoderVersion#id()}). */
        public Key(String modelHash, SentenceSettings settings, String sourceSha256, String textsSha256) {
            this(modelHash, settings, sourceSha256, textsSha256, EncoderVersion.id());
        }

        /** Hex SHA-256 over all parts. */
        public String id() {
            return ModelHash.sha256("tenor-embeddings-v1\nmodel:" + modelHash
                    + "\nencoder:" + encoderVersion
                    + "\nmax_seq_length:" + settings.maxSeqLength()
                    + "\npooling:" + settings.pooling()
                    + "\nnormalize:" + settings.normalize()
                    + "\nprompt:" + settings.prompt()
                    + "\nsource:" + sourceSha256
                    + "\ntexts:" + textsSha256 + "\n");
        }
    }

    /** Embeddings and how they were obtained. */
    public record Lookup(float[][] vectors, Outcome outcome) {
    }

    /** Computes embeddings on a miss. */
    @FunctionalInterface
    public interface Embedder {
        float[][] embed(List<String> texts);
    }

    private final Path dir;
    private final ModelHash modelHash;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();
    private final AtomicInteger corrupt = new AtomicInteger();

    public EmbeddingCache(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.modelHash = new ModelHash(this.dir.resolve(SIDECAR));
    }

    /** The cache of this Tenor home: {@code <data>/cache/embeddings}. */
    public static EmbeddingCache current() {
        return new EmbeddingCache(TenorPaths.current().cache().resolve(FOLDER));
    }

    public Path dir() {
        return dir;
    }

    /** The content hash of a model folder (remembered per file, see {@link ModelHash}). */
    public String modelHash(ModelFolder folder) {
        return modelHash.of(folder);
    }

    /** The key of {@code texts} from a split file with hash {@code sourceSha256}, embedded by {@code folder}. */
    public Key key(ModelFolder folder, SentenceSettings settings, String sourceSha256, List<String> texts) {
        return new Key(modelHash(folder), settings, sourceSha256, textsSha256(texts));
    }

    /** SHA-256 of the sentences in order (each as UTF-8, length-prefixed so no two lists collide). */
    public static String textsSha256(List<String> texts) {
        MessageDigest md = ModelHash.digest();
        ByteBuffer len = ByteBuffer.allocate(4);
        for (String t : texts) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            md.update(len.clear().putInt(b.length).array());
            md.update(b);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Where the entry of {@code key} lives. */
    public Path file(Key key) {
        return dir.resolve(key.id() + SUFFIX);
    }

    /**
     * The embeddings of {@code texts} under {@code key}: read from the cache when a sound entry of
     * {@code texts.size()} rows exists, else computed by {@code embedder} and stored.
     */
    public Lookup get(Key key, List<String> texts, Embedder embedder) {
        if (texts.isEmpty()) {
            return new Lookup(new float[0][], Outcome.BYPASSED);
        }
        boolean damaged = false;
        try {
            float[][] cached = read(key, texts.size());
            hits.incrementAndGet();
            return new Lookup(cached, Outcome.HIT);
        } catch (NoSuchFileException e) {
            // not cached yet
        } catch (IOException e) { // damaged (CorruptEntryException) or unreadable
            damaged = true;
            corrupt.incrementAndGet();
            deleteQuietly(file(key));
        }
        misses.incrementAndGet();
        float[][] vectors = embedder.embed(texts);
        try {
            write(key, vectors);
        } catch (IOException e) {
            // A full disk or a read-only cache costs speed next time, not this result.
        }
        return new Lookup(vectors, damaged ? Outcome.CORRUPT : Outcome.MISS);
    }

    /** Lookups served from disk so far. */
    public int hits() {
        return hits.get();
    }

    /** Lookups that ran the embedder (corrupt entries included). */
    public int misses() {
        return misses.get();
    }

    /** Entries found damaged and recomputed. */
    public int corruptEntries() {
        return corrupt.get();
    }

    /** Model files hashed (not found in the sidecar), for tests. */
    int modelFilesHashed() {
        return modelHash.filesHashed();
    }

    /** Writes {@code vectors} as the entry of {@code key}, atomically. */
    public void write(Key key, float[][] vectors) throws IOException {
        int rows = vectors.length;
        int dim = rows == 0 ? 0 : vectors[0].length;
        byte[] id = HexFormat.of().parseHex(key.id());
        AtomicFiles.write(file(key), out -> {
            CRC32C crc = new CRC32C();
            ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            head.put(MAGIC).putInt(VERSION).putInt(rows).putInt(dim).put(id);
            crc.update(head.array());
            out.write(head.array());
            ByteBuffer row = ByteBuffer.allocate(dim * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] v : vectors) {
                if (v.length != dim) {
                    throw new IllegalArgumentException("rows differ in length: " + v.length + " and " + dim);
                }
                row.clear();
                row.asFloatBuffer().put(v);
                crc.update(row.array());
                out.write(row.array());
            }
            out.write(ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN).putLong(crc.getValue()).array());
        });
    }

    /**
     * Reads the entry of {@code key}, which must hold {@code rows} rows.
     *
     * @throws NoSuchFileException when there is no entry
     * @throws CorruptEntryException when the entry is damaged or not what the key says
     */
    float[][] read(Key key, int rows) throws IOException {
        Path file = file(key);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER + TRAILER) {
                throw new CorruptEntryException(file + ": truncated header");
            }
            ByteBuffer head = readFully(ch, HEADER, file);
            byte[] magic = new byte[MAGIC.length];
            head.get(magic);
            if (!Arrays.equals(magic, MAGIC) || head.getInt() != VERSION) {
                throw new CorruptEntryException(file + ": not an embedding cache file of version " + VERSION);
            }
            int storedRows = head.getInt();
            int dim = head.getInt();
            byte[] id = new byte[32];
            head.get(id);
            if (!Arrays.equals(id, HexFormat.of().parseHex(key.id()))) {
                throw new CorruptEntryException(file + ": holds another entry");
            }
            if (storedRows != rows || dim < 1 || dim > 1 << 16) {
                throw new CorruptEntryException(file + ": " + storedRows + " rows of " + dim + ", expected " + rows);
            }
            long expected = HEADER + (long) rows * dim * 4 + TRAILER;
            if (size != expected) {
                throw new CorruptEntryException(file + ": " + size + " bytes, expected " + expected);
            }
            CRC32C crc = new CRC32C();
            crc.update(head.flip());
            ByteBuffer body = readFully(ch, (int) (expected - HEADER - TRAILER), file);
            crc.update(body.duplicate());
            long stored = readFully(ch, TRAILER, file).getLong();
            if (stored != crc.getValue()) {
                throw new CorruptEntryException(file + ": checksum mismatch");
            }
            var floats = body.asFloatBuffer();
            float[][] out = new float[rows][dim];
            for (float[] r : out) {
                floats.get(r);
            }
            return out;
        }
    }

    private static ByteBuffer readFully(FileChannel ch, int bytes, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new CorruptEntryException(file + ": truncated");
            }
        }
        return buf.flip();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the fresh entry written next replaces it anyway
        }
    }

    /** A cache file that cannot be trusted. */
    static final class CorruptEntryException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptEntryException(String message) {
            super(message);
        }
    }
}
