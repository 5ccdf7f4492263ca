package dev.tenor.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;

/**
 * Batches of similar length, as Hugging Face's {@code LengthGroupedSampler} draws them: the shuffled order is
 * cut into windows of {@link #WINDOW_BATCHES} batches, each window sorted by length and cut into batches,
 * and the batches of a window put in a seeded random order. Padding (the cost of the longest sentence in a
 * batch) falls, while every epoch still mixes the data.
 */
public final class LengthGrouping {

    /** Batches per window: Hugging Face's megabatch multiplier. */
    public static final int WINDOW_BATCHES = 50;

    private LengthGrouping() {
    }

    /**
     * {@code order} regrouped so that each run of {@code batchSize} consecutive entries has similar lengths.
     *
     * @param length the length of the item at an index (e.g. the longest of a triplet's sentences)
     */
    public static int[] group(int[] order, int batchSize, IntUnaryOperator length, Random random) {
        int[] out = new int[order.length];
        int window = WINDOW_BATCHES * batchSize;
        int written = 0;
        for (int from = 0; from < order.length; from += window) {
            Integer[] part = Arrays.stream(order, from, Math.min(order.length, from + window)).boxed()
                    .toArray(Integer[]::new);
            Arrays.sort(part, Comparator.comparingInt((Integer i) -> length.applyAsInt(i)).reversed());
            List<Integer[]> batches = new ArrayList<>();
            for (int b = 0; b < part.length; b += batchSize) {
                batches.add(Arrays.copyOfRange(part, b, Math.min(part.length, b + batchSize)));
            }
            // a short last batch stays last, so that every other batch keeps its full size
            Integer[] tail = part.length % batchSize != 0 ? batches.remove(batches.size() - 1) : null;
            Collections.shuffle(batches, random);
            if (tail != null) {
                batches.add(tail);
            }
            for (Integer[] batch : batches) {
                for (Integer i : batch) {
                    out[written++] = i;
                }
            }
        }
        return out;
    }
}
