package dev.tenor.eval.annoy;

import com.sun.jna.Pointer;
import dev.tenor.io.BadInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An angular (cosine) Annoy index over the real Annoy C++ library ("annoy4j"). Items get the ids 0, 1, 2,
 * ... in the order they are added. Saved files are Annoy's own format, so Python's
 * {@code AnnoyIndex(f, "angular").load(path)} reads them and this class reads Python's.
 *
 * <p>Life cycle: {@link #create} then {@link #add} items, {@link #build} once, then {@link #query} (and
 * optionally {@link #save}); or {@link #load} a saved file and query it. Queries may run on several
 * threads at once; adding, building, saving and closing take the index for themselves. Always
 * {@link #close} it: the index lives in native memory.
 */
public final class AnnoyIndex implements AutoCloseable {

    /** The seed scripts' number of trees. */
    public static final int DEFAULT_TREES = 20;

    /** Annoy's default search breadth: neighbours asked times trees. */
    public static final int DEFAULT_SEARCH_K = -1;

    private final int dimension;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private Pointer handle;
    private int size;
    private int trees;

    private AnnoyIndex(int dimension, Pointer handle, int size, int trees) {
        this.dimension = dimension;
        this.handle = handle;
        this.size = size;
        this.trees = trees;
    }

    /** Whether the native library loaded on this platform; when false, fall back to exact search. */
    public static boolean isAvailable() {
        return AnnoyLibrary.available();
    }

    /** Why the native library is unavailable (empty when it is available). */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(AnnoyLibrary.problem());
    }

    /** A new empty angular index for vectors of {@code dimension} floats. */
    public static AnnoyIndex create(int dimension) {
        checkDimension(dimension);
        Pointer p = AnnoyLibrary.get().createAngular(dimension);
        if (p == null) {
            throw new IllegalStateException("Annoy could not create an index of dimension " + dimension);
        }
        return new AnnoyIndex(dimension, p, 0, 0);
    }

    /**
     * Loads (memory-maps) a saved angular index. The file is checked first, so a missing, truncated or
     * foreign file, or one of another dimension, gives a {@link BadInputException} naming it instead of a
     * crash.
     */
    public static AnnoyIndex load(Path file, int dimension) {
        checkDimension(dimension);
        AnnoyNative lib = AnnoyLibrary.get();
        AnnFile.Info info = AnnFile.check(file, dimension);
        Pointer p = lib.createAngular(dimension);
        if (p == null) {
            throw new IllegalStateException("Annoy could not create an index of dimension " + dimension);
        }
        if (lib.load(p, nativeName(file.toAbsolutePath())) == 0) {
            lib.deleteIndex(p);
            throw BadInputException.of(file, "Annoy could not load this index");
        }
        int items = lib.getNItems(p);
        if (items != info.items()) {
            lib.deleteIndex(p);
            throw BadInputException.of(file, "Annoy found " + items + " items, the file check " + info.items());
        }
        return new AnnoyIndex(dimension, p, items, info.trees());
    }

    public int dimension() {
        return dimension;
    }

    /** Number of items added or loaded. */
    public int size() {
        return read(() -> size);
    }

    /** Number of trees once built or loaded, 0 before. */
    public int trees() {
        return read(() -> trees);
    }

    public boolean isBuilt() {
        return trees() > 0;
    }

    /** Adds one vector (copied) and returns its id. */
    public int add(float[] vector) {
        checkVector(vector);
        return write(() -> {
            Pointer p = open();
            if (trees > 0) {
                throw new IllegalStateException("the Annoy index is built or loaded: it takes no more items");
            }
            int id = size;
            AnnoyLibrary.get().addItem(p, id, vector);
            size++;
            return id;
        });
    }

    /** Adds the rows in order; row i gets id {@code size() + i}. */
    public void addAll(float[][] vectors) {
        for (float[] v : vectors) {
            add(v);
        }
    }

    /** Builds {@code trees} random-projection trees; after this the index is read-only. */
    public void build(int trees) {
        if (trees < 1) {
            throw new IllegalArgumentException("trees must be at least 1, got " + trees);
        }
        write(() -> {
            Pointer p = open();
            if (this.trees > 0) {
                throw new IllegalStateException("the Annoy index is already built");
            }
            if (size == 0) {
                throw new IllegalStateException("the Annoy index has no items to build from");
            }
            AnnoyLibrary.get().build(p, trees);
            this.trees = trees;
            return null;
        });
    }

    /**
     * Saves the built index to {@code file} atomically (Annoy writes a temporary sibling, which is then
     * renamed). Afterwards the index is served from that file's memory map, as in Python's annoy.
     */
    public void save(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Lock l = lock.writeLock();
        l.lock();
        try {
            Pointer p = open();
            if (trees == 0) {
                throw new IllegalStateException("build the Annoy index before saving it");
            }
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try {
                if (AnnoyLibrary.get().save(p, nativeName(tmp)) == 0) {
                    throw new IOException(file + ": Annoy could not write the index");
                }
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp); // Annoy may have it mapped already; unlinking a mapped file is safe
                throw e;
            }
        } finally {
            l.unlock();
        }
    }

    /** The {@code n} nearest items with Annoy's default search breadth ({@code n} x trees). */
    public Hits query(float[] vector, int n) {
        return query(vector, n, DEFAULT_SEARCH_K);
    }

    /**
     * The (up to) {@code n} nearest items, closest first, inspecting about {@code searchK} candidates
     * ({@link #DEFAULT_SEARCH_K} for n x trees; at least size x trees visits every item, so the answer is
     * exact). Fewer than {@code n} come back when the index is smaller or {@code searchK} below n.
     */
    public Hits query(float[] vector, int n, int searchK) {
        checkVector(vector);
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        if (searchK < 1 && searchK != DEFAULT_SEARCH_K) {
            throw new IllegalArgumentException("searchK must be positive or -1 (default), got " + searchK);
        }
        return read(() -> {
            Pointer p = open();
            if (trees == 0) {
                throw new IllegalStateException("build the Annoy index before querying it");
            }
            int ask = Math.min(n, size);
            int[] ids = new int[ask];
            float[] distances = new float[ask];
            Arrays.fill(ids, -1); // the C API does not say how many it wrote
            AnnoyLibrary.get().getNnsByVector(p, vector, ask, searchK, ids, distances);
            int found = 0;
            while (found < ask && ids[found] >= 0) {
                found++;
            }
            return found == ask ? new Hits(ids, distances)
                    : new Hits(Arrays.copyOf(ids, found), Arrays.copyOf(distances, found));
        });
    }

    /** A copy of item {@code id}'s vector as stored (not normalised). */
    public float[] item(int id) {
        return read(() -> {
            Pointer p = open();
            if (id < 0 || id >= size) {
                throw new IndexOutOfBoundsException("item " + id + " of " + size);
            }
            float[] v = new float[dimension];
            AnnoyLibrary.get().getItem(p, id, v);
            return v;
        });
    }

    /** Frees the native index; later calls throw {@link IllegalStateException}. Closing twice is fine. */
    @Override
    public void close() {
        write(() -> {
            if (handle != null) {
                AnnoyLibrary.get().deleteIndex(handle);
                handle = null;
            }
            return null;
        });
    }

    /** Cosine similarity from Annoy's angular distance, which is {@code sqrt(2 - 2 cos)}. */
    public static float cosine(float angularDistance) {
        return 1f - angularDistance * angularDistance / 2f;
    }

    /** Neighbour ids, closest first, with Annoy's angular distances ({@code sqrt(2 - 2 cos)}, 0..2). */
    public record Hits(int[] ids, float[] distances) {

        public Hits {
            if (ids.length != distances.length) {
                throw new IllegalArgumentException(ids.length + " ids but " + distances.length + " distances");
            }
        }

        public int size() {
            return ids.length;
        }

        /** Cosine similarity of hit {@code i}. */
        public float similarity(int i) {
            return cosine(distances[i]);
        }
    }

    /** A path as the C library wants it: bytes in the file-name encoding Java itself uses, NUL-terminated. */
    private static byte[] nativeName(Path path) {
        String encoding = System.getProperty("sun.jnu.encoding");
        Charset charset = encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding)
                : Charset.defaultCharset();
        byte[] name = path.toString().getBytes(charset);
        return Arrays.copyOf(name, name.length + 1);
    }

    private Pointer open() {
        if (handle == null) {
            throw new IllegalStateException("the Annoy index is closed");
        }
        return handle;
    }

    private void checkVector(float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector has " + vector.length + " values, the index "
                    + dimension);
        }
        for (float x : vector) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("vector holds a NaN or infinite value");
            }
        }
    }

    private static void checkDimension(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
    }

    @FunctionalInterface
    private interface Action<T> {
        T run();
    }

    private <T> T read(Action<T> action) {
        return locked(lock.readLock(), action);
    }

    private <T> T write(Action<T> action) {
        return locked(lock.writeLock(), action);
    }

    private static <T> T locked(Lock l, Action<T> action) {
        l.lock();
        try {
            return action.run();
        } finally {
            l.unlock();
        }
    }
}
