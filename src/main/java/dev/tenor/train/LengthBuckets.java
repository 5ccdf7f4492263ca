package dev.tenor.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How one step's sentences are cut into forward passes: sorted by length and split where padding saved
 * outweighs the cost of one more pass. A pass over {@code n} sentences padded to {@code L} tokens costs
 * {@code n * L} plus a fixed {@code passCost} (in tokens); the split minimising the sum is found exactly by
 * dynamic programming over the distinct lengths. The sentences and their embeddings are the same whatever
 * the split (each row is computed from its own tokens; padding is masked), so this changes speed only.
 */
public final class LengthBuckets {

    private LengthBuckets() {
    }

    /**
     * The passes for sentences of the given lengths: each an array of indices into {@code lengths}, shortest
     * sentences first; every index appears once.
     *
     * @param passCost the fixed cost of a forward pass in padded tokens; 0 splits at every distinct length,
     *                 a huge value keeps one pass
     */
    public static List<int[]> split(int[] lengths, int passCost) {
        if (passCost < 0) {
            throw new IllegalArgumentException("pass cost must not be negative, got " + passCost);
        }
        int n = lengths.length;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.comparingInt((Integer i) -> lengths[i]).thenComparingInt(i -> i));
        int[] sorted = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        if (n == 0) {
            return List.of();
        }
        // ends[g]: one past the last sorted position of the g-th distinct length
        List<Integer> ends = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (i == n || lengths[sorted[i]] != lengths[sorted[i - 1]]) {
                ends.add(i);
            }
        }
        int groups = ends.size();
        long[] best = new long[groups + 1]; // best[g]: cost of the first g groups
        int[] cut = new int[groups + 1];
        for (int g = 1; g <= groups; g++) {
            int end = ends.get(g - 1);
            long width = lengths[sorted[end - 1]];
            best[g] = Long.MAX_VALUE;
            for (int from = 0; from < g; from++) {
                int start = from == 0 ? 0 : ends.get(from - 1);
                long cost = best[from] + (end - start) * width + passCost;
                if (cost < best[g]) {
                    best[g] = cost;
                    cut[g] = from;
                }
            }
        }
        List<int[]> passes = new ArrayList<>();
        for (int g = groups; g > 0; g = cut[g]) {
            int start = cut[g] == 0 ? 0 : ends.get(cut[g] - 1);
            passes.add(0, Arrays.copyOfRange(sorted, start, ends.get(g - 1)));
        }
        return passes;
    }

    /** Padded tokens of the passes: the sum of each pass's size times its longest length. */
    public static long paddedTokens(int[] lengths, List<int[]> passes) {
        long sum = 0;
        for (int[] pass : passes) {
            int width = 0;
            for (int i : pass) {
                width = Math.max(width, lengths[i]);
            }
            sum += (long) pass.length * width;
        }
        return sum;
    }
}
