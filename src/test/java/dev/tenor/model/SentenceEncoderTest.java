package dev.tenor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batched encoding on the inference threads: input order, progress, cancellation, and closing safely. */
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

    /**
     * Cancel an encode at random moments, close the encoder at once, reopen: encode never returns while a batch
     * it started still runs (so closing cannot free weights under a running batch), and a later encode equals
     * an uninterrupted one.
     */
    @Test
    void cancellingAtRandomPointsThenClosingNeverLeavesBatchesRunning() throws Exception {
        // batches of a few milliseconds each, so a cancel lands while some are running
        BertConfig mid = new BertConfig(30522, 128, 3, 4, 512, 128, 2, 1e-12, "gelu");
        ModelFolder f = TinyModels.write(tmp.resolve("mid"), mid, new SentenceSettings(128, Pooling.MEAN, true, ""), 7);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            texts.add("please set an alarm for " + i + " tomorrow " + "and then remind me ".repeat(2 + i % 7));
        }
        float[][] reference;
        try (SentenceEncoder e = SentenceEncoder.open(f)) {
            reference = e.encode(texts, 4, ProgressListener.NONE, CancellationToken.NONE);
        }
        java.util.Random random = new java.util.Random(15);
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        int cancelledMidway = 0;
        try {
            for (int round = 0; round < 50; round++) {
                SentenceEncoder e = SentenceEncoder.open(f);
                CancellationToken cancel = new CancellationToken();
                timer.schedule(cancel::cancel, random.nextInt(40_000), java.util.concurrent.TimeUnit.MICROSECONDS);
                try {
                    e.encode(texts, 4, ProgressListener.NONE, cancel);
                } catch (CancelledException expected) {
                    cancelledMidway++;
                } finally {
                    assertEquals(0, NativeWork.inFlight(), "round " + round + ": a batch still runs after encode returned");
                    e.close();
                }
                assertThrows(IllegalStateException.class, () -> e.encode(texts.subList(0, 1)), "closed stays closed");
            }
        } finally {
            timer.shutdownNow();
        }
        assertTrue(cancelledMidway >= 10, "most rounds were cut short: " + cancelledMidway);
        try (SentenceEncoder e = SentenceEncoder.open(f)) {
            float[][] again = e.encode(texts, 4, ProgressListener.NONE, CancellationToken.NONE);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(reference[i], again[i], 1e-6f, "sentence " + i);
            }
        }
    }

    /** close() from another thread waits for the attention map in flight instead of freeing its weights. */
    @Test
    void closeWaitsForTheCallInFlight() throws Exception {
        BertConfig mid = new BertConfig(30522, 128, 3, 4, 512, 512, 2, 1e-12, "gelu");
        ModelFolder f = TinyModels.write(tmp.resolve("mid"), mid, new SentenceSettings(512, Pooling.MEAN, true, ""), 8);
        String longText = "set an alarm for seven and call my mother after that ".repeat(40);
        SentenceEncoder e = SentenceEncoder.open(f);
        TokenAttention expected = e.attention(longText);
        java.util.concurrent.atomic.AtomicReference<Object> got = new java.util.concurrent.atomic.AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                got.set(e.attention(longText));
            } catch (RuntimeException ex) {
                got.set(ex);
            }
        });
        worker.start();
        while (NativeWork.inFlight() == 0 && worker.isAlive()) {
            Thread.onSpinWait();
        }
        e.close();
        worker.join();
        if (got.get() instanceof TokenAttention a) {
            assertArrayEquals(expected.probabilities()[2][3][5], a.probabilities()[2][3][5], 1e-6f);
        } else {
            // the close won the race before the call took its permit: a clear error, never freed memory
            assertEquals("the model mid is closed", ((RuntimeException) got.get()).getMessage());
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
