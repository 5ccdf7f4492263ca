package dev.tenor.eval;

import java.util.Arrays;

/**
 * Nearest index items of each query, closest first: {@code ids[q][j]} is the j-th neighbour of query q
 * and {@code similarities[q][j]} its cosine similarity. Rows may be shorter than asked (an approximate
 * search can return fewer). The arrays are shared, not copied: treat them as read-only.
 */
public record Neighbours(int[][] ids, float[][] similarities) {

    public Neighbours {
        if (ids.length != similarities.length) {
            throw new IllegalArgumentException(ids.length + " id rows but " + similarities.length
                    + " similarity rows");
        }
        for (int q = 0; q < ids.length; q++) {
            if (ids[q].length != similarities[q].length) {
                throw new IllegalArgumentException("query " + q + ": " + ids[q].length + " ids but "
                        + similarities[q].length + " similarities");
            }
        }
    }

    public int queries() {
        return ids.length;
    }

    /** The neighbour ids of query {@code q}. */
    public int[] idsOf(int q) {
        return ids[q];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Neighbours n && Arrays.deepEquals(ids, n.ids)
                && Arrays.deepEquals(similarities, n.similarities);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(ids) * 31 + Arrays.deepHashCode(similarities);
    }

    @Override
    public String toString() {
        return "Neighbours[" + ids.length + " queries]";
    }
}
