package dev.tenor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.data.IntentDataset;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.InferenceThreads;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.TokenizedText;
import dev.tenor.model.Vectors;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encoding speed on the 20,053 sentences of MTOP English train + test, in one run: Tenor's DJL encoder
 * against two peers, the ONNX Runtime peer (langchain4j's embedAll) and a plain PyTorch implementation
 * ({@code bench/peer/torch_bert_peer.py}, length-sorted batches of 64, on Tenor's token ids). Run with
 * {@code mvn -Pbenchmark test -Dtest=EncodeBenchmark}; the table is in
 * {@code target/surefire-reports/dev.tenor.bench.EncodeBenchmark-output.txt}.
 */
@Tag("benchmark")
class EncodeBenchmark {

    /** The plain PyTorch peer's batch size: the one the reference measurement used. */
    private static final int PEER_BATCH = Integer.getInteger("tenor.peer.batch", 64);

    @TempDir
    Path home;

    @Test
    void tenorVersusOnnxRuntimeAndPlainPyTorch() throws Exception {
        Path mtop = Path.of("../shared/data/mtop_intent/en");
        assumeTrue(Files.isDirectory(mtop), "MTOP data not found");
        IntentDataset data = IntentDatasetReader.read(mtop);
        List<String> sentences = new ArrayList<>(data.train().texts());
        sentences.addAll(data.test().texts());
        assertEquals(20_053, sentences.size());
        String loadBefore = Memory.loadAverages();

        ModelFolder folder = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(),
                ProgressListener.NONE);
        Path ids = home.resolve("mtop-ids.json");
        Memory.resetPeak();
        double tenorSeconds;
        double tokenizeSeconds;
        long tenorPeak;
        float[][] tenorEmbeddings;
        try (SentenceEncoder encoder = SentenceEncoder.open(folder)) {
            encoder.encode(sentences.subList(0, 256)); // warm-up
            long t0 = System.nanoTime();
            tenorEmbeddings = encoder.encode(sentences, SentenceEncoder.DEFAULT_BATCH_SIZE, ProgressListener.NONE,
                    CancellationToken.NONE);
            tenorSeconds = (System.nanoTime() - t0) / 1e9;
            tenorPeak = Memory.peakRssMiB();
            long t1 = System.nanoTime();
            List<TokenizedText> tokens = encoder.tokenize(sentences); // the peer's input: the very same ids
            tokenizeSeconds = (System.nanoTime() - t1) / 1e9;
            TorchPeer.writeIds(ids, tokens);
        }

        Memory.resetPeak();
        AllMiniLmL6V2EmbeddingModel onnx = new AllMiniLmL6V2EmbeddingModel();
        List<TextSegment> segments = sentences.stream().map(TextSegment::from).toList();
        onnx.embedAll(segments.subList(0, 256)); // warm-up
        long t2 = System.nanoTime();
        onnx.embedAll(segments);
        double onnxSeconds = (System.nanoTime() - t2) / 1e9;
        long onnxPeak = Memory.peakRssMiB();

        Optional<TorchPeer> torch = TorchPeer.find();
        JsonNode peer = null;
        double minCosine = Double.NaN;
        if (torch.isPresent()) {
            Path out = home.resolve("torch-embeddings.f32");
            peer = torch.get().run(List.of("encode", "--model", folder.dir().toString(), "--ids", ids.toString(),
                    "--batch-size", Integer.toString(PEER_BATCH), "--out", out.toString()), home.resolve("peer.log"));
            float[][] peerEmbeddings = TorchPeer.readEmbeddings(out, sentences.size());
            minCosine = 1;
            for (int i = 0; i < sentences.size(); i++) {
                minCosine = Math.min(minCosine, Vectors.cosine(tenorEmbeddings[i], peerEmbeddings[i]));
            }
        }

        int n = sentences.size();
        System.out.printf("%nENCODE BENCHMARK (%d sentences, all-MiniLM-L6-v2, max_seq_length %d, %d cores)%n", n,
                folder.settings().maxSeqLength(), Runtime.getRuntime().availableProcessors());
        System.out.printf("  load average (1/5/15 min): %s at start, %s at end%n", loadBefore, Memory.loadAverages());
        System.out.printf("  tenor (DJL PyTorch, batch %d, %d workers):  %6.1f s  %6.0f sentences/s  peak RSS %5d MiB"
                        + "  (incl. tokenising, %.1f s alone)%n", SentenceEncoder.DEFAULT_BATCH_SIZE, InferenceThreads.count(), tenorSeconds,
                n / tenorSeconds, tenorPeak, tokenizeSeconds);
        System.out.printf("  ONNX Runtime (langchain4j embedAll): %6.1f s  %6.0f sentences/s  peak RSS %5d MiB%n",
                onnxSeconds, n / onnxSeconds, onnxPeak);
        if (peer != null) {
            double s = peer.get("seconds").asDouble();
            System.out.printf("  plain PyTorch %s (batch %d, %d threads): %6.1f s  %6.0f sentences/s  peak RSS %5.0f MiB"
                            + "  (pre-tokenised ids)%n", peer.get("torch").asText(), PEER_BATCH,
                    peer.get("threads").asInt(), s, n / s, peer.get("peak_rss_mib").asDouble());
        } else {
            System.out.println("  " + TorchPeer.MISSING);
        }
        System.out.printf("  speed tenor/ONNX Runtime:  %.2fx (target >= 2x)   memory tenor/ONNX Runtime:  %.2fx%n",
                onnxSeconds / tenorSeconds, (double) tenorPeak / onnxPeak);
        if (peer != null) {
            System.out.printf("  speed tenor/plain PyTorch: %.2fx (target >= 1x)   memory tenor/plain PyTorch: %.2fx%n",
                    peer.get("seconds").asDouble() / tenorSeconds, tenorPeak / peer.get("peak_rss_mib").asDouble());
            System.out.printf("  embeddings tenor vs plain PyTorch: min cosine %.7f over %d sentences%n", minCosine, n);
            assertEquals(n, peer.get("sentences").asInt());
            assertTrue(minCosine >= 0.9999, "the peer must compute the same model: min cosine " + minCosine);
        }
    }
}
