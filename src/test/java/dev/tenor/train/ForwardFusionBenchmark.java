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
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training step's forward and backward with the anchors, positives and negatives as three forward passes
 * (what the trainer does) against one forward over the three concatenated (padded to the longest of all),
 * on the default model, batch 16 and 32, max length 64, CPU; the two are timed in alternation on the same
 * batches so that load from other processes falls on both. Losses must agree (dropout off). Run with
 * {@code mvn -Pbenchmark test -Dtest=ForwardFusionBenchmark}.
 */
@Tag("benchmark")
class ForwardFusionBenchmark {

    private static final int ROUNDS = Integer.getInteger("tenor.bench.rounds", 4);

    @TempDir
    Path home;

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
            double[] seconds = new double[2];
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
                        float[] losses = new float[2];
                        for (int mode = 0; mode < 2; mode++) {
                            int m = (round & 1) == 0 ? mode : 1 - mode; // alternate which goes first
                            TripletTrainer.fusedForward = m == 1;
                            long t0 = System.nanoTime();
                            try (NDManager scope = model.manager().newSubManager()) {
                                losses[m] = trainer.backward(model, mirrors, threads, loss, b, scope).loss();
                            }
                            if (round >= 0) {
                                seconds[m] += (System.nanoTime() - t0) / 1e9;
                            }
                            mirrors.afterStep();
                        }
                        assertEquals(losses[0], losses[1], 1e-5, "batch " + batch + " round " + round);
                        measured += round >= 0 ? b.size() : 0;
                    }
                } finally {
                    TripletTrainer.fusedForward = false;
                }
            }
            System.out.printf("batch %d, len 64: three forwards %.1f triplets/s, one fused forward %.1f triplets/s,"
                    + " fused/three %.2fx%n", batch, measured / seconds[0], measured / seconds[1],
                    seconds[0] / seconds[1]);
        }
    }
}
