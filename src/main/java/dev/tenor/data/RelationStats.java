package dev.tenor.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What became of one relation's instances: {@code instances == triplets + devTriplets + skipped()}.
 *
 * @param instances entries of the relation in the input file
 * @param triplets triplets in {@code triplets.jsonl}
 * @param devTriplets triplets in {@code dev.jsonl}
 * @param skipped instances without a triplet, by reason (only reasons that occurred)
 * @param relationSkipped true when the whole relation was left out because it has fewer than two distinct
 *     sentences (its usable instances, if any, are counted as {@link SkipReason#RELATION_TOO_SMALL})
 * @param lengths average lengths of the relation's sentences and triplets
 */
public record RelationStats(String relation, String name, int instances, int triplets, int devTriplets,
        Map<SkipReason, Integer> skipped, boolean relationSkipped, Lengths lengths) {

    public RelationStats {
        EnumMap<SkipReason, Integer> copy = new EnumMap<>(SkipReason.class);
        skipped.forEach((reason, count) -> {
            if (count > 0) {
                copy.put(reason, count);
            }
        });
        skipped = Collections.unmodifiableMap(copy);
        int skippedCount = copy.values().stream().mapToInt(Integer::intValue).sum();
        if (triplets + devTriplets + skippedCount != instances) {
            throw new IllegalArgumentException("relation " + relation + ": " + triplets + " + " + devTriplets
                    + " + " + skippedCount + " skipped != " + instances + " instances");
        }
    }

    public int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Average lengths.
     *
     * @param sentenceTokens tokens per valid input sentence
     * @param anchorChars characters per anchor of the built triplets (training and dev)
     * @param positiveChars characters per positive
     * @param negativeChars characters per negative
     */
    public record Lengths(double sentenceTokens, double anchorChars, double positiveChars, double negativeChars) {

        public static final Lengths NONE = new Lengths(0, 0, 0, 0);
    }
}
