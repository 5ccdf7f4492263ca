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
 * ({@code bench/peer/torch_bert_peer.py}, length-sorted batches of 64, on Tenor's token ids), in rounds
 * ({@code -Dtenor.bench.rounds}, default 3) that interleave the three; the medians are compared. Run with
 * {@code mvn -Pbenchmark test -Dtest=EncodeBenchmark}; the table is in
 * {@code target/surefire-reports/dev.tenor.bench.EncodeBenchmark-output.txt}.
 */
@Tag("benchmark")
class EncodeBenchmark {

    /** The plain PyTorch peer's batch size: the one the reference measurement used. */
    private static final int PEER_BATCH = Integer.getInteger("tenor.peer.batch", 64);

    @TempDir
    Path home;

    /** Rounds of the three measurements, interleaved so that a slow spell of the machine hits all of them. */
    private static final int ROUNDS = Integer.getInteger("tenor.bench.rounds", 3);

    @Test
    void tenorVersusOnnxRuntimeAndPlainPyTorch() throws Exception {
        Path mtop = Path.of("../shared/data/mtop_intent/en");
        assumeTrue(Files.isDirectory(mtop), "MTOP data not found");
        IntentDataset data = IntentDatasetReader.read(mtop);
        List<String> sentences = new ArrayList<>(data.train().texts());
        sentences.addAll(data.test().texts());
        assertEquals(20_053, sentences.size());
        int n = sentences.size();
        String loadBefore = Memory.loadAverages();

        ModelFolder folder = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(),
                ProgressListener.NONE);
        Path ids = home.resolve("mtop-ids.json");
        Path peerOut = home.resolve("torch-embeddings.f32");
        Optional<TorchPeer> torch = TorchPeer.find();
        List<TextSegment> segments = sentences.stream().map(TextSegment::from).toList();
        double[] tenorSeconds = new double[ROUNDS];
        double[] onnxSeconds = new double[ROUNDS];
        double[] torchSeconds = new double[ROUNDS];
        long tenorPeak = 0;
        long onnxPeak = 0;
        double torchPeak = 0;
        double tokenizeSeconds;
        float[][] tenorEmbeddings;
        JsonNode peer = null;
        try (SentenceEncoder encoder = SentenceEncoder.open(folder)) {
            encoder.encode(sentences.subList(0, 256)); // warm-up
            long t1 = System.nanoTime();
            List<TokenizedText> tokens = encoder.tokenize(sentences); // the PyTorch peer's input: the very same ids
            tokenizeSeconds = (System.nanoTime() - t1) / 1e9;
            TorchPeer.writeIds(ids, tokens);
            AllMiniLmL6V2EmbeddingModel onnx = null;
            tenorEmbeddings = null;
            for (int r = 0; r < ROUNDS; r++) {
                Memory.resetPeak();
                long t0 = System.nanoTime();
                tenorEmbeddings = encoder.encode(sentences, SentenceEncoder.DEFAULT_BATCH_SIZE, ProgressListener.NONE,
                        CancellationToken.NONE);
                tenorSeconds[r] = (System.nanoTime() - t0) / 1e9;
                if (r == 0) {
                    // Memory from the first round only: later the ONNX session lives in this process too.
                    tenorPeak = Memory.peakRssMiB();
                    onnx = new AllMiniLmL6V2EmbeddingModel();
                    onnx.embedAll(segments.subList(0, 256)); // warm-up
                }

                Memory.resetPeak();
                long t2 = System.nanoTime();
                onnx.embedAll(segments);
                onnxSeconds[r] = (System.nanoTime() - t2) / 1e9;
                if (r == 0) {
                    onnxPeak = Memory.peakRssMiB(); // includes what Tenor left resident (its libraries, the heap)
                }

                if (torch.isPresent()) {
                    peer = torch.get().run(List.of("encode", "--model", folder.dir().toString(), "--ids",
                            ids.toString(), "--batch-size", Integer.toString(PEER_BATCH), "--out", peerOut.toString()),
                            home.resolve("peer.log"));
                    assertEquals(n, peer.get("sentences").asInt());
                    torchSeconds[r] = peer.get("seconds").asDouble();
                    torchPeak = Math.max(torchPeak, peer.get("peak_rss_mib").asDouble());
                }
                System.out.printf("  round %d: tenor %.1f s, ONNX Runtime %.1f s (%.2fx)%s%n", r + 1, tenorSeconds[r],
                        onnxSeconds[r], onnxSeconds[r] / tenorSeconds[r], torch.isPresent()
                                ? String.format(", plain PyTorch %.1f s (%.2fx)", torchSeconds[r],
                                torchSeconds[r] / tenorSeconds[r]) : "");
            }
        }

        double minCosine = Double.NaN;
        if (torch.isPresent()) {
            float[][] peerEmbeddings = TorchPeer.readEmbeddings(peerOut, n);
            minCosine = 1;
            for (int i = 0; i < n; i++) {
                minCosine = Math.min(minCosine, Vectors.cosine(tenorEmbeddings[i], peerEmbeddings[i]));
            }
        }

        double tenor = median(tenorSeconds);
        double ort = median(onnxSeconds);
        System.out.printf("%nENCODE BENCHMARK (%d sentences, all-MiniLM-L6-v2, max_seq_length %d, %d cores; median of %d "
                        + "interleaved rounds)%n", n, folder.settings().maxSeqLength(),
                Runtime.getRuntime().availableProcessors(), ROUNDS);
        System.out.printf("  load average (1/5/15 min): %s at start, %s at end%n", loadBefore, Memory.loadAverages());
        System.out.printf("  tenor (DJL PyTorch, batch %d, %d batches at once): %6.1f s  %6.0f sentences/s  peak RSS %5d MiB"
                        + "  (incl. tokenising, %.1f s alone)%n", SentenceEncoder.DEFAULT_BATCH_SIZE,
                InferenceThreads.count(), tenor, n / tenor, tenorPeak, tokenizeSeconds);
        System.out.printf("  ONNX Runtime (langchain4j embedAll): %6.1f s  %6.0f sentences/s  peak RSS %5d MiB%n",
                ort, n / ort, onnxPeak);
        if (peer != null) {
            double s = median(torchSeconds);
            System.out.printf("  plain PyTorch %s (batch %d, %d threads): %6.1f s  %6.0f sentences/s  peak RSS %5.0f MiB"
                            + "  (pre-tokenised ids)%n", peer.get("torch").asText(), PEER_BATCH,
                    peer.get("threads").asInt(), s, n / s, torchPeak);
        } else {
            System.out.println("  " + TorchPeer.MISSING);
        }
        System.out.printf("  speed tenor/ONNX Runtime:  %.2fx (target >= 2x; rounds %s)   memory tenor/ONNX Runtime:  %.2fx%n",
                ort / tenor, ratios(onnxSeconds, tenorSeconds), (double) tenorPeak / onnxPeak);
        if (peer != null) {
            double s = median(torchSeconds);
            System.out.printf("  speed tenor/plain PyTorch: %.2fx (target >= 1x; rounds %s)   memory tenor/plain PyTorch: %.2fx%n",
                    s / tenor, ratios(torchSeconds, tenorSeconds), tenorPeak / torchPeak);
            System.out.printf("  embeddings tenor vs plain PyTorch: min cosine %.7f over %d sentences%n", minCosine, n);
            assertTrue(minCosine >= 0.9999, "the peer must compute the same model: min cosine " + minCosine);
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static String ratios(double[] peer, double[] tenor) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tenor.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%.2f", peer[i] / tenor[i]));
        }
        return sb.toString();
    }
}
