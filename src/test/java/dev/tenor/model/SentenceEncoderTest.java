package dev.tenor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batched encoding on the inference threads: input order, progress and cancellation. */
class SentenceEncoderTest {

    @TempDir
    Path tmp;

    private static List<String> sentences(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("sentence " + i + " " + "word ".repeat(i % 13) + (i % 3 == 0 ? "set an alarm" : "call mom"));
        }
        return out;
    }

    @Test
    void batchesRunningSideBySideKeepInputOrder() throws IOException {
        ModelFolder f = TinyModels.write(tmp.resolve("m"), new SentenceSettings(64, Pooling.MEAN, true, ""), 5);
        List<String> texts = sentences(40);
        try (SentenceEncoder e = SentenceEncoder.open(f)) {
            List<Long> seen = new ArrayList<>();
            float[][] all = e.encode(texts, 3, (done, total, msg) -> seen.add(done), CancellationToken.NONE);
            assertEquals(40, all.length);
            assertEquals(14, seen.size());
            assertEquals(40L, seen.get(seen.size() - 1));
            for (int i = 1; i < seen.size(); i++) {
                assertEquals(Math.min(40L, 3L * (i + 1)), seen.get(i), "progress counts sentences in order");
            }
            for (int i = 0; i < texts.size(); i++) {
                float[] alone = e.encode(List.of(texts.get(i)))[0];
                assertArrayEquals(alone, all[i], 1e-5f, "sentence " + i);
            }
        }
    }

    @Test
    void cancellingStopsEncodingAndTheEncoderStaysUsable() throws IOException {
        ModelFolder f = TinyModels.write(tmp.resolve("m"), new SentenceSettings(64, Pooling.MEAN, true, ""), 6);
        List<String> texts = sentences(400);
        try (SentenceEncoder e = SentenceEncoder.open(f)) {
            CancellationToken cancel = new CancellationToken();
            AtomicInteger reports = new AtomicInteger();
            assertThrows(CancelledException.class, () -> e.encode(texts, 2, (done, total, msg) -> {
                reports.incrementAndGet();
                cancel.cancel();
            }, cancel));
            assertEquals(1, reports.get(), "no progress after the cancel");
            float[][] again = e.encode(texts.subList(0, 5));
            assertEquals(5, again.length);
            assertEquals(1.0, Math.sqrt(dot(again[4])), 1e-5, "normalised");
        }
    }

    private static double dot(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return s;
    }
}
