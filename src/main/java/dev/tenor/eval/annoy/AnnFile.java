package dev.tenor.eval.annoy;

import dev.tenor.io.BadInputException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Checks a saved angular index before the native library maps it. Annoy's own {@code load} only checks
 * the file size, then follows child offsets blindly: a truncated, foreign or wrong-dimension file would
 * crash the JVM at the first query. This walks every tree the way Annoy's search does and rejects
 * anything that would read outside the file or loop forever.
 *
 * <p>Layout (little-endian, {@code S = int32}, {@code T = float}, f = dimension): nodes of
 * {@code 12 + 4f} bytes, each {@code [int n_descendants][int children[2] | int items[K]...][float v[f]]}
 * with {@code K = f + 2}. Nodes 0..n_items-1 are the items; the roots are the trailing nodes whose
 * {@code n_descendants} equals the last node's (that value is n_items).
 */
final class AnnFile {

    /** What the check learned about a valid file. */
    record Info(int items, int nodes, int trees) {
    }

    private AnnFile() {
    }

    static int nodeBytes(int dimension) {
        return 12 + 4 * dimension;
    }

    static Info check(Path file, int dimension) {
        if (!Files.exists(file)) {
            throw BadInputException.of(file, "Annoy index file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw BadInputException.of(file, "not a file (an Annoy index is one .ann file)");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int s = nodeBytes(dimension);
            if (size == 0) {
                throw BadInputException.of(file, "the Annoy index file is empty");
            }
            if (size % s != 0) {
                throw BadInputException.of(file, "not an angular Annoy index of dimension " + dimension
                        + " (size " + size + " bytes is not a multiple of the node size " + s + ")");
            }
            if (size > Integer.MAX_VALUE) {
                // One mapping covers at most 2 GiB; Tenor's evaluation indexes stay far below that.
                throw BadInputException.of(file, "Annoy index files over 2 GiB are not supported");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            IntBuffer ints = map.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            return walk(file, ints, (int) (size / s), s / 4, dimension);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot read the Annoy index (" + e.getMessage() + ")", e);
        }
    }

    private static Info walk(Path file, IntBuffer ints, int nodes, int intsPerNode, int dimension) {
        int k = dimension + 2;
        int items = ints.get((nodes - 1) * intsPerNode);
        if (items <= 0 || items > nodes) {
            throw corrupt(file, dimension, "the last node claims " + items + " items in a file of " + nodes
                    + " nodes");
        }
        // Roots as Annoy's load finds them: trailing nodes with n_descendants == items.
        List<Integer> roots = new ArrayList<>();
        for (int i = nodes - 1; i >= 0 && ints.get(i * intsPerNode) == items; i--) {
            roots.add(i);
        }
        int first = roots.get(0);
        int last = roots.get(roots.size() - 1);
        if (roots.size() > 1 && ints.get(first * intsPerNode + 1) == ints.get(last * intsPerNode + 1)) {
            roots.remove(roots.size() - 1); // Annoy appends copies of the roots; its load drops this one too
        }
        // Depth-first over tree nodes; an item node (index < items, n_descendants 1) is a leaf.
        BitSet done = new BitSet(nodes);
        BitSet onPath = new BitSet(nodes);
        int[] stack = new int[64];
        int[] next = new int[64];
        for (int root : roots) {
            if (done.get(root)) {
                continue;
            }
            int depth = 0;
            stack[0] = root;
            next[0] = 0;
            onPath.set(root);
            while (depth >= 0) {
                int node = stack[depth];
                int base = node * intsPerNode;
                int desc = ints.get(base);
                int child = -1;
                if (desc == 1 && node < items) {
                    child = -1; // an item
                } else if (desc < 0) {
                    throw corrupt(file, dimension, "node " + node + " has " + desc + " descendants");
                } else if (desc <= k) {
                    for (int j = 0; j < desc; j++) {
                        int item = ints.get(base + 1 + j);
                        if (item < 0 || item >= items) {
                            throw corrupt(file, dimension, "leaf node " + node + " lists item " + item);
                        }
                    }
                } else if (next[depth] < 2) {
                    child = ints.get(base + 1 + next[depth]);
                    next[depth]++;
                    if (child < 0 || child >= nodes) {
                        throw corrupt(file, dimension, "node " + node + " points to node " + child);
                    }
                    if (onPath.get(child)) {
                        throw corrupt(file, dimension, "node " + node + " points back to node " + child);
                    }
                    if (done.get(child)) {
                        child = -2; // already checked through another tree; stay on this node
                    }
                }
                if (child >= 0) {
                    depth++;
                    if (depth == stack.length) {
                        stack = java.util.Arrays.copyOf(stack, depth * 2);
                        next = java.util.Arrays.copyOf(next, depth * 2);
                    }
                    stack[depth] = child;
                    next[depth] = 0;
                    onPath.set(child);
                } else if (child == -1) {
                    onPath.clear(node);
                    done.set(node);
                    depth--;
                }
            }
        }
        return new Info(items, nodes, roots.size());
    }

    private static BadInputException corrupt(Path file, int dimension, String detail) {
        return BadInputException.of(file, "not a valid angular Annoy index of dimension " + dimension + " ("
                + detail + ")");
    }
}
