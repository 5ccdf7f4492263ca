package dev.tenor.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded random sample of the train split (the index) and of the test split (the queries), for a quick
 * look at a large dataset; 0 keeps a split whole. Sampled examples keep their file order.
 *
 * @param index training sentences to index; 0 for all
 * @param queries test sentences to query; 0 for all
 * @param seed the sample's seed (the test split's sample uses {@code seed + 1})
 */
public record Sample(int index, int queries, long seed) {

    /** Everything. */
    public static final Sample ALL = new Sample(0, 0, 42);

    public Sample {
        if (index < 0 || queries < 0) {
            throw new IllegalArgumentException("sample sizes must be 0 (all) or more, got " + index + " and " + queries);
        }
    }

    public boolean samplesAnything() {
        return index > 0 || queries > 0;
    }

    /** {@code limit} of {@code all} chosen with {@code seed}, in their original order; all of them for 0. */
    public static <T> List<T> of(List<T> all, int limit, long seed) {
        if (limit == 0 || limit >= all.size()) {
            return all;
        }
        List<Integer> positions = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            positions.add(i);
        }
        Collections.shuffle(positions, new Random(seed));
        List<Integer> kept = new ArrayList<>(positions.subList(0, limit));
        Collections.sort(kept);
        List<T> out = new ArrayList<>(limit);
        kept.forEach(p -> out.add(all.get(p)));
        return out;
    }
}
