package dev.tenor.bench;

import dev.tenor.TestEnvironment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.data.FewRelReader;
import dev.tenor.data.RelationNames;
import dev.tenor.data.Triplet;
import dev.tenor.data.TripletBuilder;
import dev.tenor.data.TripletFile;
import dev.tenor.data.TripletOptions;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.FloatTensor;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SafeTensors;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import dev.tenor.train.Distance;
import dev.tenor.train.TrainConfig;
import dev.tenor.train.TrainingBatches;
import dev.tenor.train.TrainingEvent;
import dev.tenor.train.TripletTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenor's training step against the plain PyTorch peer: one optimiser step without dropout, from the same
 * weights on the same batch of the same token ids, gives the same loss and the same updated weights. Needs
 * a Python with torch ({@code bench/peer/install.sh}; {@code .ci/run} installs it, and under CI a missing peer
 * fails the test). Part of {@code mvn test}: it takes about 20 s.
 */
class TorchPeerCrossCheckTest {

    private static final int BATCH = 16;
    private static final int LENGTH = 64;

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"triplet", "cosine-triplet", "mnrl"})
    void oneStepWithoutDropoutMatchesPlainPyTorch(String loss) throws Exception {
        Path fewrel = Path.of("../shared/data/fewrel/val_wiki.json");
        TestEnvironment.needData(fewrel);
        Optional<TorchPeer> torch = TorchPeer.find();
        TestEnvironment.need(torch.isPresent(), TorchPeer.MISSING);

        ModelFolder base = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(),
                ProgressListener.NONE);
        List<Triplet> all = new ArrayList<>(new TripletBuilder(TripletOptions.defaults().withDevFraction(0))
                .build(FewRelReader.read(fewrel), RelationNames.NONE, ProgressListener.NONE, CancellationToken.NONE)
                .triplets());
        Collections.shuffle(all, new Random(3));
        List<Triplet> triplets = all.subList(0, BATCH);
        Path tripletFile = home.resolve("triplets.jsonl");
        TripletFile.write(tripletFile, triplets);
        // warm-up 0 so step 1 runs at the full 2e-5 (the schedule starts at 0 otherwise); dropout 0: no randomness
        TrainConfig cfg = TrainConfig.defaults(base.dir().toString(), tripletFile, null, home.resolve("run"))
                .with("epochs", 1).with("maxSteps", 1).with("batchSize", BATCH).with("maxSeqLength", LENGTH)
                .with("warmup", 0.0).with("checkpointEvery", 0).with("keep", 1)
                .with("select", TrainConfig.Selection.LAST).with("validateEvery", -1).with("dropout", 0f)
                .with("loss", loss);

        List<Triplet> batch = TrainingBatches.first(cfg, triplets, 1).get(0);
        Path batches = home.resolve("batch.json");
        try (SentenceEncoder encoder = SentenceEncoder.open(base, Device.cpu(),
                base.settings().withMaxSeqLength(LENGTH))) {
            TorchPeer.writeBatches(batches, List.of(new TorchPeer.Batch(
                    encoder.tokenize(batch.stream().map(Triplet::anchor).toList()),
                    encoder.tokenize(batch.stream().map(Triplet::positive).toList()),
                    encoder.tokenize(batch.stream().map(Triplet::negative).toList()))));
        }

        List<TrainingEvent> events = new ArrayList<>();
        TripletTrainer.Result result = new TripletTrainer(cfg, base, base.dir(), triplets, List.of(), null,
                events::add, CancellationToken.NONE).run(null);
        double tenorLoss = events.stream().filter(e -> e.has("loss")).findFirst().orElseThrow().number("loss");
        Map<String, FloatTensor> tenor = SafeTensors.read(result.model().resolve(ModelFolder.WEIGHTS)).tensors();

        Path peerWeights = home.resolve("torch-step1.safetensors");
        JsonNode peer = torch.get().run(List.of("train", "--model", base.dir().toString(), "--batches",
                batches.toString(), "--steps", "1", "--warmup-steps", "0", "--warmup-ratio", "0", "--no-dropout",
                "--loss", loss,
                "--out-weights", peerWeights.toString()), home.resolve("peer.log"));
        double peerLoss = peer.get("losses").get(0).asDouble();
        Map<String, FloatTensor> torchWeights = SafeTensors.read(peerWeights).tensors();
        Map<String, FloatTensor> before = SafeTensors.read(base.weightsFile()).tensors();

        // Compare the updates (after - before): one AdamW step moves a weight by about lr * sign(gradient),
        // so the update is where the two implementations could differ, not the weight itself.
        double maxDiff = 0;
        double maxUpdate = 0;
        double diffSq = 0;
        double updateSq = 0;
        long elements = 0;
        long differing = 0;
        String worst = "";
        for (Map.Entry<String, FloatTensor> e : torchWeights.entrySet()) {
            float[] p = e.getValue().data();
            float[] t = tenor.get(e.getKey()).data();
            float[] w0 = before.get(e.getKey()).data();
            assertEquals(p.length, t.length, e.getKey());
            for (int i = 0; i < p.length; i++) {
                double d = Math.abs((double) t[i] - p[i]);
                double u = Math.abs((double) p[i] - w0[i]);
                diffSq += d * d;
                updateSq += u * u;
                maxUpdate = Math.max(maxUpdate, u);
                if (d > 1e-7) {
                    differing++;
                }
                if (d > maxDiff) {
                    maxDiff = d;
                    worst = e.getKey() + "[" + i + "]";
                }
            }
            elements += p.length;
        }
        assertEquals(before.keySet().stream().filter(k -> !k.startsWith("pooler.")).count(), torchWeights.size());
        double relative = Math.sqrt(diffSq / updateSq);
        System.out.printf("%nCROSS-CHECK tenor vs plain PyTorch %s, loss %s: one step, batch %d, max_seq_length %d, "
                + "no dropout%n", peer.get("torch").asText(), loss, BATCH, LENGTH);
        System.out.printf("  loss: tenor %.8f  PyTorch %.8f  |diff| %.2e%n", tenorLoss, peerLoss,
                Math.abs(tenorLoss - peerLoss));
        System.out.printf("  weights (%d tensors, %d values): max |tenor - PyTorch| %.3e at %s; largest update %.3e;%n"
                        + "  ||update diff|| / ||update|| %.3e; values differing by > 1e-7: %d (%.4f%%)%n",
                torchWeights.size(), elements, maxDiff, worst, maxUpdate, relative, differing,
                100.0 * differing / elements);
        assertEquals(peerLoss, tenorLoss, 1e-5, "first-step loss");
        assertTrue(peerLoss > 0.01, "the batch must give a non-trivial loss: " + peerLoss);
        // Measured: 1.2e-4, 1.8e-6 (a tenth of a step, where a gradient is near AdamW's eps), 0.004%.
        assertTrue(relative < 1e-3, "updates differ: relative " + relative);
        assertTrue(maxDiff < 0.5 * cfg.lr(), "no weight may end half a step away from the peer's: " + maxDiff);
        assertTrue(differing < elements / 1000, "values differing by > 1e-7: " + differing);
    }
}
