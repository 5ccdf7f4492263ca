package dev.tenor.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics on one-hot embeddings whose neighbours, and so every number, can be worked out by hand. */
class TopKTest {

    private static final float H = (float) Math.sqrt(0.5);

    // Index: two identical vectors with different labels (the lower id wins the tie), and a mixed one.
    private static final float[][] INDEX = {
        {1, 0, 0, 0}, // i0 A
        {1, 0, 0, 0}, // i1 B
        {0, 1, 0, 0}, // i2 B
        {0, 0, 1, 0}, // i3 C
        {0, H, H, 0}, // i4 C
    };
    private static final List<String> INDEX_LABELS = List.of("A", "B", "B", "C", "C");
    private static final List<String> INDEX_TEXTS = List.of("i0", "i1", "i2", "i3", "i4");

    private static final float[][] QUERIES = {
        {1, 0, 0, 0}, // q0 A: i0 first               -> right at 1
        {1, 0, 0, 0}, // q1 B: i0 A, i1 B             -> right at 2
        {0, 1, 0, 0}, // q2 C: i2 B, i4 C             -> right at 2
        {0, 0, 1, 0}, // q3 B: i3 C, i4 C, i0 A, i1 B -> right at 4
        {0, 0, 0, 1}, // q4 D: label not in the index -> never right
        {0, H, H, 0}, // q5 C: i4 C                   -> right at 1
        {2, 0, 0, 0}, // q6 B: like q1                -> right at 2
    };
    private static final List<String> QUERY_LABELS = List.of("A", "B", "C", "B", "D", "C", "B");
    private static final List<String> QUERY_TEXTS = List.of("q0", "q1", "q2", "q3", "q4", "q5", "q6");

    private static int[][] neighbours() {
        return ExactSearch.search(INDEX, QUERIES, 5).ids();
    }

    @Test
    void neighboursAreTheHandWorkedOnes() {
        int[][] ids = neighbours();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, ids[0]);
        assertArrayEquals(new int[] {2, 4, 0, 1, 3}, ids[2]);
        assertArrayEquals(new int[] {3, 4, 0, 1, 2}, ids[3]);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, ids[4]);
        assertArrayEquals(new int[] {4, 2, 3, 0, 1}, ids[5]);
    }

    @Test
    void topKAccuracy() {
        TopKAccuracy acc = TopK.accuracy(neighbours(), INDEX_LABELS, QUERY_LABELS, 5);
        assertEquals(7, acc.queries());
        assertArrayEquals(new int[] {2, 5, 5, 6, 6}, acc.correct());
        assertEquals(2.0 / 7, acc.at(1), 1e-12);
        assertEquals(5.0 / 7, acc.at(2), 1e-12);
        assertEquals(6.0 / 7, acc.at(5), 1e-12);
        assertEquals(List.of("1", "2", "3", "4", "5"), List.copyOf(acc.asMap().keySet()));
        assertEquals(5.0 / 7, acc.asMap().get("3"), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> acc.at(6));
    }

    @Test
    void shortRowsCountOnlyTheNeighboursPresent() {
        int[][] ids = {{1}, {}, {0, 1}};
        TopKAccuracy acc = TopK.accuracy(ids, List.of("x", "y"), List.of("y", "y", "y"), 3);
        assertArrayEquals(new int[] {1, 2, 2}, acc.correct());
    }

    @Test
    void perLabelWorstFirst() {
        List<LabelAccuracy> labels = TopK.perLabel(neighbours(), INDEX_LABELS, QUERY_LABELS, 1);
        assertEquals(List.of(
                new LabelAccuracy("B", 3, 0, true),
                new LabelAccuracy("D", 1, 0, false),
                new LabelAccuracy("C", 2, 1, true),
                new LabelAccuracy("A", 1, 1, true)), labels);
        assertEquals(0.5, labels.get(2).accuracy(), 0);

        List<LabelAccuracy> atTwo = TopK.perLabel(neighbours(), INDEX_LABELS, QUERY_LABELS, 2);
        assertEquals(new LabelAccuracy("D", 1, 0, false), atTwo.get(0));
        assertEquals(new LabelAccuracy("B", 3, 2, true), atTwo.get(1));
    }

    @Test
    void mostConfusedPairsWithExamples() {
        List<LabelConfusion> pairs = TopK.confusions(neighbours(), INDEX_LABELS, INDEX_TEXTS, QUERY_LABELS,
                QUERY_TEXTS, 10, 5);
        assertEquals(List.of(
                new LabelConfusion("B", "A", 2, List.of(new LabelConfusion.Example("q1", "i0"),
                        new LabelConfusion.Example("q6", "i0"))),
                new LabelConfusion("B", "C", 1, List.of(new LabelConfusion.Example("q3", "i3"))),
                new LabelConfusion("C", "B", 1, List.of(new LabelConfusion.Example("q2", "i2"))),
                new LabelConfusion("D", "A", 1, List.of(new LabelConfusion.Example("q4", "i0")))), pairs);

        List<LabelConfusion> top = TopK.confusions(neighbours(), INDEX_LABELS, INDEX_TEXTS, QUERY_LABELS,
                QUERY_TEXTS, 2, 1);
        assertEquals(2, top.size());
        assertEquals(List.of(new LabelConfusion.Example("q1", "i0")), top.get(0).examples());
        assertEquals("C", top.get(1).predictedLabel());
    }

    @Test
    void recallOfApproximateAgainstExact() {
        int[][] exact = {{0, 1, 2}, {5, 6, 7}};
        int[][] approx = {{1, 9, 0}, {7}};
        RecallAtK recall = TopK.recall(approx, exact, 3);
        assertEquals(2, recall.queries());
        assertArrayEquals(new double[] {0.0, 0.25, 0.5}, recall.recall(), 1e-12);
        assertEquals(Map.of("1", 0.0, "2", 0.25, "3", 0.5), recall.asMap());
        assertArrayEquals(new double[] {1, 1, 1}, TopK.recall(exact, exact, 3).recall(), 0);
    }

    @Test
    void inconsistentInputIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> TopK.accuracy(new int[][] {{0}}, List.of("a"), List.of("a", "b"), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopK.accuracy(new int[][] {{3}}, List.of("a"), List.of("a"), 1));
        assertEquals("query 0 has neighbour 3, the index 1 items", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TopK.accuracy(new int[][] {{0}}, List.of("a"), List.of("a"), 0));
        assertThrows(IllegalArgumentException.class,
                () -> TopK.recall(new int[][] {{0}}, new int[][] {}, 1));
    }
}
