package dev.tenor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.data.IntentDataset;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encoding speed: Tenor's DJL encoder against the ONNX Runtime peer (langchain4j's embedAll) on the
 * 20,053 sentences of MTOP English train + test, in one run. Run with
 * {@code mvn -Pbenchmark test -Dtest=EncodeBenchmark}.
 */
@Tag("benchmark")
class EncodeBenchmark {

    @TempDir
    Path home;

    @Test
    void tenorVersusOnnxRuntime() throws Exception {
        Path mtop = Path.of("../shared/data/mtop_intent/en");
        assumeTrue(Files.isDirectory(mtop), "MTOP data not found");
        IntentDataset data = IntentDatasetReader.read(mtop);
        List<String> sentences = new ArrayList<>(data.train().texts());
        sentences.addAll(data.test().texts());
        assertEquals(20_053, sentences.size());

        var folder = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(),
                ProgressListener.NONE);
        Memory.resetPeak();
        double tenorSeconds;
        long tenorPeak;
        try (SentenceEncoder encoder = SentenceEncoder.open(folder)) {
            encoder.encode(sentences.subList(0, 256)); // warm-up
            long t0 = System.nanoTime();
            encoder.encode(sentences, SentenceEncoder.DEFAULT_BATCH_SIZE, ProgressListener.NONE, CancellationToken.NONE);
            tenorSeconds = (System.nanoTime() - t0) / 1e9;
            tenorPeak = Memory.peakRssMiB();
        }

        Memory.resetPeak();
        AllMiniLmL6V2EmbeddingModel peer = new AllMiniLmL6V2EmbeddingModel();
        List<TextSegment> segments = sentences.stream().map(TextSegment::from).toList();
        peer.embedAll(segments.subList(0, 256)); // warm-up
        long t1 = System.nanoTime();
        peer.embedAll(segments);
        double peerSeconds = (System.nanoTime() - t1) / 1e9;
        long peerPeak = Memory.peakRssMiB();

        System.out.printf("%nENCODE BENCHMARK (%d sentences, %d cores, load %s)%n", sentences.size(),
                Runtime.getRuntime().availableProcessors(), Memory.loadAverage());
        System.out.printf("  tenor (DJL PyTorch, batch %d): %6.1f s  %6.0f sentences/s  peak RSS %d MiB%n",
                SentenceEncoder.DEFAULT_BATCH_SIZE, tenorSeconds, sentences.size() / tenorSeconds, tenorPeak);
        System.out.printf("  peer  (ONNX Runtime embedAll): %6.1f s  %6.0f sentences/s  peak RSS %d MiB%n",
                peerSeconds, sentences.size() / peerSeconds, peerPeak);
        System.out.printf("  speed ratio tenor/peer: %.2fx (target >= 2x)%n", peerSeconds / tenorSeconds);
    }
}
