package dev.tenor.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.eval.annoy.AnnoyIndex;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnnoySearchTest {

    @Test
    void settings() {
        assertEquals(new AnnoySearch.Settings(20, 20, -1), AnnoySearch.Settings.REFERENCE);
        assertEquals(400, AnnoySearch.Settings.REFERENCE.effectiveSearchK());
        assertEquals(20_000, new AnnoySearch.Settings(20, 20, 20_000).effectiveSearchK());
        assertThrows(IllegalArgumentException.class, () -> new AnnoySearch.Settings(0, 20, -1));
        assertThrows(IllegalArgumentException.class, () -> new AnnoySearch.Settings(20, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new AnnoySearch.Settings(20, 20, 0));
    }

    @Test
    void fullBreadthAnnoyRecallsExactlyAndDefaultBreadthLess() {
        Random r = new Random(5);
        float[][] items = ExactSearchTest.gaussian(r, 2_000, 48);
        float[][] queries = ExactSearchTest.gaussian(r, 200, 48);
        Neighbours exact = ExactSearch.search(items, queries, 10);
        List<String> stages = new ArrayList<>();
        ProgressListener progress = (done, total, message) -> {
            if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(message)) {
                stages.add(message);
            }
        };
        Neighbours full = AnnoySearch.search(items, queries, new AnnoySearch.Settings(5, 10, 2_000 * 5),
                progress, CancellationToken.NONE);
        assertEquals(List.of("adding items to Annoy", "building 5 Annoy trees", "Annoy queries"), stages);
        RecallAtK fullRecall = TopK.recall(full.ids(), exact.ids(), 10);
        assertEquals(1.0, fullRecall.at(10), 1e-3); // near ties may swap places, nothing more
        for (int q = 0; q < queries.length; q++) {
            assertArrayEquals(exact.similarities()[q], full.similarities()[q], 1e-5f);
        }
        Neighbours narrow = AnnoySearch.search(items, queries, new AnnoySearch.Settings(5, 10, -1),
                ProgressListener.NONE, CancellationToken.NONE);
        RecallAtK narrowRecall = TopK.recall(narrow.ids(), exact.ids(), 10);
        // 50 candidates among 2,000 random 48-d vectors: far from exact, yet better than chance (0.025).
        assertTrue(narrowRecall.at(10) < 0.9 && narrowRecall.at(10) > 0.1, narrowRecall.toString());
    }

    @Test
    void cancellation() {
        CancellationToken token = new CancellationToken();
        token.cancel();
        assertThrows(CancelledException.class, () -> AnnoySearch.search(new float[][] {{1f, 0f}},
                new float[][] {{1f, 0f}}, AnnoySearch.Settings.REFERENCE, ProgressListener.NONE, token));
        try (AnnoyIndex index = AnnoySearch.build(new float[][] {{1f, 0f}, {0f, 1f}}, 2, ProgressListener.NONE,
                CancellationToken.NONE)) {
            assertEquals(2, index.trees());
            assertThrows(CancelledException.class, () -> AnnoySearch.query(index, new float[][] {{1f, 0f}}, 1, -1,
                    ProgressListener.NONE, token));
        }
    }
}
