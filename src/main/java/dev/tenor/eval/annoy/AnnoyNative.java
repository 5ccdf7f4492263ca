package dev.tenor.eval.annoy;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The plain C API of the Annoy build shipped in {@code net.pishen:annoy4s} ({@code libannoy.so}, exported
 * with C linkage, see {@code nm -D}). Every index is an {@code AnnoyIndexInterface<int32_t, float>*}.
 *
 * <p>Mapping notes: {@code save}/{@code load} return a C++ {@code bool}, which only sets the low byte of
 * the return register, so they are mapped to {@code byte} (JNA's {@code boolean} reads a whole int and may
 * see garbage in the upper bytes). {@code getNnsByVector} copies at most {@code n} ids and distances into
 * the caller's arrays and tells nothing of how many: callers pre-fill the ids with -1.
 */
interface AnnoyNative extends Library {

    /** {@code AnnoyIndexInterface* createAngular(int f)}: a new empty angular index of dimension f. */
    Pointer createAngular(int dimension);

    /** {@code void deleteIndex(AnnoyIndexInterface*)}: unloads (munmap) and frees the index. */
    void deleteIndex(Pointer index);

    /** {@code void addItem(ptr, int item, float* w)}: copies f floats; errors (built index) are ignored. */
    void addItem(Pointer index, int item, float[] vector);

    /** {@code void build(ptr, int q)}: builds q trees (single-threaded, seeded Kiss64Random). */
    void build(Pointer index, int trees);

    /**
     * {@code bool save(ptr, char* filename)}: writes the file, then unloads and mmaps it back. The name is
     * a NUL-terminated byte string in the encoding Java uses for file names.
     */
    byte save(Pointer index, byte[] filename);

    /** {@code bool load(ptr, char* filename)}: mmaps a saved index (no structural checks). */
    byte load(Pointer index, byte[] filename);

    /** {@code void getNnsByVector(ptr, float* w, int n, int search_k, int* result, float* distances)}. */
    void getNnsByVector(Pointer index, float[] vector, int n, int searchK, int[] ids, float[] distances);

    /** {@code int getNItems(ptr)}. */
    int getNItems(Pointer index);

    /** {@code void getItem(ptr, int item, float* v)}: copies the stored (unnormalised) vector. */
    void getItem(Pointer index, int item, float[] vector);

    /** Symbols Tenor calls; checked when the library loads so a foreign build fails early. */
    String[] SYMBOLS = {"createAngular", "deleteIndex", "addItem", "build", "save", "load", "getNnsByVector",
        "getNItems", "getItem"};
}
