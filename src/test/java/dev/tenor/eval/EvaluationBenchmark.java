package dev.tenor.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wall time of a full MTOP English evaluation with the default model (read the dataset, embed 20,053
 * sentences, build the exact index, query 4,386), with the embedding cache cold and then warm, against the
 * ONNX Runtime peer (langchain4j's AllMiniLmL6V2EmbeddingModel.embedAll) embedding the same sentences, in
 * the same run. The target: the cold evaluation is faster than the peer's embedding alone. Also: the
 * reference's Annoy settings on warm embeddings, and one validation top-1 call with default settings.
 * Run: {@code mvn -q -B -Pbenchmark test -Dtest=EvaluationBenchmark}; the numbers are printed to
 * target/surefire-reports/dev.tenor.eval.EvaluationBenchmark-output.txt.
 */
@Tag("benchmark")
class EvaluationBenchmark {

    @TempDir
    Path home;

    @Test
    void fullMtopEvaluationColdAndWarmAgainstOnnxRuntimePeer() throws IOException {
        assumeTrue(Files.isDirectory(IntentEvaluationTest.MTOP), "real data not found");
        long i0 = System.nanoTime();
        ModelFolder model = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(),
                ProgressListener.NONE);
        double importSeconds = (System.nanoTime() - i0) / 1e9;
        EmbeddingCache cache = new EmbeddingCache(home.resolve("cache"));
        List<String> lines = new ArrayList<>();
        lines.add(String.format("model import (once, not in the times below): %.1f s", importSeconds));

        String loadCold = loadAverage();
        long c0 = System.nanoTime();
        EvaluationResult cold = evaluate(cache, model, EvaluationOptions.DEFAULT);
        double coldSeconds = (System.nanoTime() - c0) / 1e9;

        List<TextSegment> segments = new ArrayList<>();
        IntentDataset mtop = IntentDatasetReader.read(IntentEvaluationTest.MTOP);
        mtop.train().texts().forEach(t -> segments.add(TextSegment.from(t)));
        mtop.test().texts().forEach(t -> segments.add(TextSegment.from(t)));
        assertEquals(20_053, segments.size());
        String loadPeer = loadAverage();
        long p0 = System.nanoTime();
        AllMiniLmL6V2EmbeddingModel peer = new AllMiniLmL6V2EmbeddingModel();
        long p1 = System.nanoTime();
        List<Embedding> peerVectors = peer.embedAll(segments).content();
        double peerSeconds = (System.nanoTime() - p0) / 1e9;
        double peerEmbedSeconds = (System.nanoTime() - p1) / 1e9;
        assertEquals(20_053, peerVectors.size());
        assertEquals(384, peerVectors.get(0).dimension());

        String loadWarm = loadAverage();
        long w0 = System.nanoTime();
        EvaluationResult warm = evaluate(cache, model, EvaluationOptions.DEFAULT);
        double warmSeconds = (System.nanoTime() - w0) / 1e9;
        assertEquals(EmbeddingCache.Outcome.MISS, cold.trainCache());
        assertEquals(EmbeddingCache.Outcome.HIT, warm.trainCache());
        assertEquals(EmbeddingCache.Outcome.HIT, warm.testCache());
        assertEquals(cold.topK(), warm.topK());

        long a0 = System.nanoTime();
        EvaluationResult annoy = evaluate(cache, model, EvaluationOptions.DEFAULT.withIndexes(IndexKind.ANNOY));
        double annoySeconds = (System.nanoTime() - a0) / 1e9;

        ValidationTop1 validation = new ValidationTop1(mtop);
        double validationSeconds;
        double top1;
        try (SentenceEncoder encoder = SentenceEncoder.open(model)) {
            validation.top1(encoder, CancellationToken.NONE); // the trainer's encoder is warm too
            long v0 = System.nanoTime();
            top1 = validation.top1(encoder, CancellationToken.NONE);
            validationSeconds = (System.nanoTime() - v0) / 1e9;
        }

        lines.add(String.format("cold evaluation (exact): %6.1f s  [embed train %.1f s, test %.1f s, index %.2f s, "
                        + "queries %.2f s]  load %s", coldSeconds, cold.timings().embedTrain(),
                cold.timings().embedTest(), cold.timings().indexBuild(), cold.timings().query(), loadCold));
        lines.add(String.format("peer embedAll 20,053:    %6.1f s  [model construction %.1f s, embedAll %.1f s]  "
                + "load %s", peerSeconds, peerSeconds - peerEmbedSeconds, peerEmbedSeconds, loadPeer));
        lines.add(String.format("warm evaluation (exact): %6.1f s  [read cache train %.2f s, test %.2f s, index "
                        + "%.2f s, queries %.2f s]  load %s", warmSeconds, warm.timings().embedTrain(),
                warm.timings().embedTest(), warm.timings().indexBuild(), warm.timings().query(), loadWarm));
        lines.add(String.format("ratios: cold / peer = %.2f, warm / peer = %.3f, cold / warm = %.1f",
                coldSeconds / peerSeconds, warmSeconds / peerSeconds, coldSeconds / warmSeconds));
        lines.add(String.format("warm evaluation (annoy, reference settings): %.1f s  [build %.2f s, queries %.2f s, "
                + "top-1 %.4f, recall@3 %.4f]", annoySeconds, annoy.timings().indexBuild(), annoy.timings().query(),
                annoy.top(1), annoy.annoyRecall().at(3)));
        lines.add(String.format("validation top-1 (%,d indexed, %d queries): %.4f in %.2f s",
                validation.index().size(), validation.queries().size(), top1, validationSeconds));
        lines.add(String.format("exact top-1/2/3: %.4f / %.4f / %.4f", cold.top(1), cold.top(2), cold.top(3)));
        lines.forEach(System.out::println);
        assertTrue(warmSeconds < coldSeconds / 5, "the warm run skips the encoder");
    }

    /** Reads the dataset and evaluates, as a command line run would (model already imported). */
    private static EvaluationResult evaluate(EmbeddingCache cache, ModelFolder model, EvaluationOptions options) {
        IntentDataset mtop = IntentDatasetReader.read(IntentEvaluationTest.MTOP);
        List<EvaluationResult> results = new IntentEvaluation(cache).evaluate(mtop, IntentEvaluation.Model.of(model),
                options, ProgressListener.NONE, CancellationToken.NONE);
        return results.get(0);
    }

    /** The 1, 5 and 15 minute load averages, as uptime prints them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
