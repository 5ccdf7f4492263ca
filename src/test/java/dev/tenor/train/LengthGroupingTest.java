package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Length-grouped batches keep every item once, cut padding, and depend only on the seed. */
class LengthGroupingTest {

    @Test
    void aPermutationWithLessPaddingThatTheSeedRepeats() {
        int n = 2_000;
        int batch = 16;
        Random lengths = new Random(5);
        int[] length = new int[n];
        for (int i = 0; i < n; i++) {
            length[i] = 10 + lengths.nextInt(200);
        }
        int[] order = new int[n];
        Arrays.setAll(order, i -> (i * 7919) % n);
        int[] grouped = LengthGrouping.group(order, batch, i -> length[i], new Random(1));
        assertArrayEquals(sorted(order), sorted(grouped), "every item exactly once");
        assertArrayEquals(grouped, LengthGrouping.group(order, batch, i -> length[i], new Random(1)));
        long before = padded(order, batch, length);
        long after = padded(grouped, batch, length);
        System.out.printf("padded tokens: shuffled %d, grouped %d (%.2fx)%n", before, after, (double) before / after);
        assertTrue(after < 0.7 * before, before + " -> " + after);
        // the short last batch of each window stays at the window's end
        int[] small = LengthGrouping.group(new int[] {0, 1, 2, 3, 4}, 2, i -> i, new Random(3));
        assertEquals(0, small[4]);
    }

    private static long padded(int[] order, int batch, int[] length) {
        long total = 0;
        for (int b = 0; b < order.length; b += batch) {
            int max = 0;
            int end = Math.min(order.length, b + batch);
            for (int i = b; i < end; i++) {
                max = Math.max(max, length[order[i]]);
            }
            total += (long) max * (end - b);
        }
        return total;
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}
