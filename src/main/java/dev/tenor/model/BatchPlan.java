package dev.tenor.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Inputs grouped into batches of similar length, longest first: padding waste stays within a batch, and
 * the memory peak comes at once rather than at the end. {@link #order()} maps each batch position back to
 * the caller's input order.
 */
record BatchPlan(List<List<TokenizedText>> batches, int[] order) {

    static BatchPlan of(List<TokenizedText> tokens, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        Integer[] sorted = new Integer[tokens.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i;
        }
        Arrays.sort(sorted, Comparator.comparingInt((Integer i) -> tokens.get(i).length()).reversed());
        List<List<TokenizedText>> batches = new ArrayList<>();
        for (int start = 0; start < sorted.length; start += batchSize) {
            List<TokenizedText> batch = new ArrayList<>(batchSize);
            for (int i = start; i < Math.min(sorted.length, start + batchSize); i++) {
                batch.add(tokens.get(sorted[i]));
            }
            batches.add(batch);
        }
        int[] order = new int[sorted.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = sorted[i];
        }
        return new BatchPlan(batches, order);
    }
}
