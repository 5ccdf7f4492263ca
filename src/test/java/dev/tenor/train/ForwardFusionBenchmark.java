package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.tenor.data.Triplet;
import dev.tenor.data.TripletBuilder;
import dev.tenor.data.TripletDataset;
import dev.tenor.data.TripletOptions;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceModel;
import dev.tenor.model.TokenizedText;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training step's forward and backward with the anchors, positives and negatives as three forward passes
 * (as sentence-transformers does), as one forward over the three concatenated (padded to the longest of all)
 * and as that concatenation sorted by length and cut into passes ({@link LengthBuckets}, the trainer's way),
 * on the default model, batch 16 and 32, max length 64, CPU; the two are timed in alternation on the same
 * batches so that load from other processes falls on both. Losses must agree (dropout off). Run with
 * {@code mvn -Pbenchmark test -Dtest=ForwardFusionBenchmark}.
 */
@Tag("benchmark")
class ForwardFusionBenchmark {

    private static final int ROUNDS = Integer.getInteger("tenor.bench.rounds", 4);
    private static final int DEFAULT_PASS_COST = TripletTrainer.bucketPassCost;
    /** The bucketed layout's pass costs to try, {@code -Dtenor.bench.passCosts=0,128,256}. */
    private static final int[] PASS_COSTS = Arrays.stream(System.getProperty("tenor.bench.passCosts",
            "64,256,1024").split(",")).mapToInt(v -> Integer.parseInt(v.trim())).toArray();

    @TempDir
    Path home;

    private static void setMode(int m) {
        TripletTrainer.forwardLayout = m == 0 ? TripletTrainer.ForwardLayout.THREE
                : m == 1 ? TripletTrainer.ForwardLayout.FUSED : TripletTrainer.ForwardLayout.BUCKETED;
        if (m >= 2) {
            TripletTrainer.bucketPassCost = PASS_COSTS[m - 2];
        }
    }

    /** Tokens the mode's passes pad to (the work the encoder does). */
    private static long paddedTokens(SentenceModel model, List<Triplet> batch, int m) {
        List<String> texts = new ArrayList<>();
        batch.forEach(t -> texts.add(t.anchor()));
        batch.forEach(t -> texts.add(t.positive()));
        batch.forEach(t -> texts.add(t.negative()));
        int[] lengths = model.tokenizer().tokenize(texts).stream().mapToInt(TokenizedText::length).toArray();
        int n = batch.size();
        if (m == 0) {
            return LengthBuckets.paddedTokens(lengths, List.of(range(0, n), range(n, 2 * n), range(2 * n, 3 * n)));
        }
        return LengthBuckets.paddedTokens(lengths, m == 1 ? List.of(range(0, 3 * n))
                : LengthBuckets.split(lengths, PASS_COSTS[m - 2]));
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    @Test
    void threeForwardsAgainstOne() throws IOException {
        ModelFolder base = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(),
                ProgressListener.NONE);
        Path data = home.resolve("triplets");
        new TripletBuilder(TripletOptions.defaults().withMaxPerRelation(20).withDevFraction(0))
                .buildFolder(Path.of("../shared/data/fewrel/val_wiki.json"), null, data, ProgressListener.NONE,
                        CancellationToken.NONE);
        List<Triplet> triplets = TripletDataset.readTriplets(data);
        for (int batch : new int[] {16, 32}) {
            TrainConfig cfg = TrainConfig.defaults(BuiltinModel.DEFAULT.modelName(), data.resolve("triplets.jsonl"),
                    null, home.resolve("unused")).with("batchSize", batch).with("maxSeqLength", 64)
                    .with("dropout", 0f).with("validateEvery", -1);
            TripletTrainer trainer = new TripletTrainer(cfg, base, base.dir(), triplets, null, null, e -> { },
                    CancellationToken.NONE);
            List<String> names = new ArrayList<>(List.of("three forwards", "one fused forward"));
            for (int cost : PASS_COSTS) {
                names.add("bucketed, pass cost " + cost);
            }
            int modes = names.size();
            double[] seconds = new double[modes];
            long[] padded = new long[modes];
            int measured = 0;
            try (SentenceModel model = SentenceModel.open(base, Device.cpu(), 0f,
                    base.settings().withMaxSeqLength(64))) {
                Map<String, Parameter> params = model.parameters();
                params.values().forEach(p -> p.getArray().setRequiresGradient(true));
                Device[] cpu = {Device.cpu()};
                try (DeviceMirrors mirrors = new DeviceMirrors(model.manager(), params, cpu);
                     ShardThreads threads = new ShardThreads(cpu)) {
                    TrainingLoss loss = TrainingLoss.of(cfg);
                    for (int round = -1; round < ROUNDS; round++) { // round -1 warms up
                        List<Triplet> b = triplets.subList((round + 1) * batch, (round + 2) * batch);
                        float[] losses = new float[modes];
                        for (int k = 0; k < modes; k++) {
                            int m = (k + Math.max(round, 0)) % modes; // rotate which goes first
                            setMode(m);
                            long t0 = System.nanoTime();
                            try (NDManager scope = model.manager().newSubManager()) {
                                losses[m] = trainer.backward(model, mirrors, threads, loss, b, scope).loss();
                            }
                            if (round >= 0) {
                                seconds[m] += (System.nanoTime() - t0) / 1e9;
                                padded[m] += paddedTokens(model, b, m);
                            }
                            mirrors.afterStep();
                        }
                        for (int m = 1; m < modes; m++) {
                            assertEquals(losses[0], losses[m], 1e-5, names.get(m) + ", batch " + batch
                                    + " round " + round);
                        }
                        measured += round >= 0 ? b.size() : 0;
                    }
                } finally {
                    TripletTrainer.forwardLayout = TripletTrainer.ForwardLayout.BUCKETED;
                    TripletTrainer.bucketPassCost = DEFAULT_PASS_COST;
                }
            }
            System.out.printf("batch %d, len 64:%n", batch);
            for (int m = 0; m < modes; m++) {
                System.out.printf("  %-26s %6.2f triplets/s  %7d padded tokens  %.2fx three forwards%n",
                        names.get(m), measured / seconds[m], padded[m], seconds[0] / seconds[m]);
            }
        }
    }
}
