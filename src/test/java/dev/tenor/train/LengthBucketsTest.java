package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {

    @Test
    void aHugePassCostKeepsOnePassInLengthOrder() {
        int[] lengths = {30, 10, 20, 10};
        List<int[]> passes = LengthBuckets.split(lengths, Integer.MAX_VALUE / 2);
        assertEquals(1, passes.size());
        assertArrayEquals(new int[] {1, 3, 2, 0}, passes.get(0)); // ties keep input order
        assertEquals(120, LengthBuckets.paddedTokens(lengths, passes));
    }

    @Test
    void noPassCostSplitsAtEveryDistinctLength() {
        int[] lengths = {30, 10, 20, 10};
        List<int[]> passes = LengthBuckets.split(lengths, 0);
        assertEquals(3, passes.size());
        assertArrayEquals(new int[] {1, 3}, passes.get(0));
        assertArrayEquals(new int[] {2}, passes.get(1));
        assertArrayEquals(new int[] {0}, passes.get(2));
        assertEquals(70, LengthBuckets.paddedTokens(lengths, passes));
    }

    @Test
    void cutsOnlyWherePaddingSavedBeatsThePassCost() {
        // eight short sentences and two long: one pass pads 10 x 60 = 600 tokens; cutting after the short
        // ones gives 8 x 12 + 2 x 60 = 216 tokens, a saving of 384 tokens
        int[] lengths = {60, 12, 11, 12, 10, 12, 12, 11, 58, 12};
        assertEquals(2, LengthBuckets.split(lengths, 383).size());
        assertEquals(216, LengthBuckets.paddedTokens(lengths, LengthBuckets.split(lengths, 383)));
        assertEquals(1, LengthBuckets.split(lengths, 385).size());
        // the optimum never splits the long pair (60 vs 58 saves 2 tokens) at this cost
        List<int[]> passes = LengthBuckets.split(lengths, 100);
        assertEquals(2, passes.size());
        assertArrayEquals(new int[] {8, 0}, passes.get(1));
    }

    @Test
    void everyIndexAppearsOnce() {
        int[] lengths = new int[300];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 8 + (i * 37) % 57;
        }
        int[] seen = LengthBuckets.split(lengths, 128).stream().flatMapToInt(Arrays::stream).sorted().toArray();
        int[] all = new int[lengths.length];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, seen);
        assertEquals(List.of(), LengthBuckets.split(new int[0], 10));
        assertThrows(IllegalArgumentException.class, () -> LengthBuckets.split(lengths, -1));
    }
}
