package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.tenor.data.Triplet;
import dev.tenor.model.Devices;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceModel;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The data-parallel path (one replica per device, each shard on its own thread), run on the CPU with
 * {@code cpu,cpu}: its gradient is the one-device gradient of the whole batch, for every loss, also when the
 * batch has fewer triplets than there are replicas; and whole runs give the one-device run's losses.
 */
class DataParallelTest {

    @TempDir
    static Path dir;
    static ModelFolder tiny;
    static final List<Triplet> BATCH = List.of(
            t("Paris is the capital of France.", "Rome is the capital of Italy.",
                    "France is the capital of Paris."),
            t("Bach composed the Mass in B minor.", "Verdi composed the opera Aida.",
                    "The Mass in B minor composed Bach."),
            t("The Nile flows into the sea.", "The Rhine flows into the North Sea.",
                    "The sea flows into the Nile river today."),
            t("Alice works for Acme.", "Bob works for Initech in Texas.", "Acme works for Alice."),
            t("Toyota makes the Corolla.", "Apple makes the iPhone.", "The Corolla makes Toyota cars."),
            t("Mozart was born in Salzburg.", "Kant was born in Königsberg.", "Salzburg was born in Mozart."),
            t("Einstein studied at ETH Zurich.", "Curie studied at the Sorbonne.",
                    "ETH Zurich studied at Einstein."));

    private static Triplet t(String anchor, String positive, String negative) {
        return new Triplet(anchor, positive, negative, "P0", "", -1, -1);
    }

    @BeforeAll
    static void model() throws IOException {
        tiny = TinyModels.write(dir.resolve("tiny"), new SentenceSettings(32, Pooling.MEAN, true, ""), 21);
    }

    static TrainConfig config(String device, TrainingLoss.Kind loss, Path out) {
        return TrainConfig.defaults("tiny", dir.resolve("triplets.jsonl"), null, out).with("device", device)
                .with("loss", loss).with("margin", 5f).with("dropout", 0f).with("maxSeqLength", 32)
                .with("batchSize", 4).with("maxSteps", 3).with("warmup", 0.0).with("lr", 1e-3)
                .with("checkpointEvery", 0).with("validateEvery", -1).with("select", TrainConfig.Selection.LAST)
                .with("seed", 5L);
    }

    /** The summed gradient of one backward of {@code batch} over {@code device}'s replicas, by weight name. */
    static Map<String, float[]> gradients(String device, TrainingLoss.Kind kind, List<Triplet> batch) {
        TrainConfig cfg = config(device, kind, dir.resolve("unused"));
        TripletTrainer trainer = new TripletTrainer(cfg, tiny, tiny.dir(), batch, null, null, e -> { },
                CancellationToken.NONE);
        Device[] devices = Devices.parse(device);
        try (SentenceModel model = SentenceModel.open(tiny); NDManager scope = model.manager().newSubManager()) {
            Map<String, Parameter> params = model.parameters();
            params.values().forEach(p -> p.getArray().setRequiresGradient(true));
            try (DeviceMirrors mirrors = new DeviceMirrors(model.manager(), params, devices);
                 ShardThreads threads = new ShardThreads(devices)) {
                TripletTrainer.Backward b = trainer.backward(model, mirrors, threads, TrainingLoss.of(cfg), batch,
                        scope);
                Map<String, float[]> out = new LinkedHashMap<>();
                b.gradients().forEach((name, g) -> out.put(name, g.toFloatArray()));
                out.put("loss", new float[] {b.loss()});
                return out;
            }
        }
    }

    static void assertClose(Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet());
        double largest = 0;
        for (String name : expected.keySet()) {
            float[] e = expected.get(name);
            float[] a = actual.get(name);
            assertEquals(e.length, a.length, name);
            for (int i = 0; i < e.length; i++) {
                largest = Math.max(largest, Math.abs(e[i]));
                assertEquals(e[i], a[i], 1e-5, what + ": " + name + "[" + i + "]");
            }
        }
        assertTrue(largest > 1e-4, what + ": the gradient must not be all zero for the check to mean anything");
    }

    @ParameterizedTest
    @EnumSource(TrainingLoss.Kind.class)
    void twoShardsOnTwoThreadsGiveTheWholeBatchGradient(TrainingLoss.Kind kind) {
        Map<String, float[]> one = gradients("cpu", kind, BATCH);
        Map<String, float[]> two = gradients("cpu,cpu", kind, BATCH); // shards of 4 and 3 triplets
        assertClose(one, two, kind + " on two replicas");
        Map<String, float[]> three = gradients("cpu,cpu,cpu", kind, BATCH); // 3, 3 and 1
        assertClose(one, three, kind + " on three replicas");
    }

    @ParameterizedTest
    @EnumSource(TrainingLoss.Kind.class)
    void aBatchWithFewerTripletsThanReplicasLeavesTheRestOut(TrainingLoss.Kind kind) {
        List<Triplet> two = BATCH.subList(0, 2);
        assertEquals(List.of(1, 1), TripletTrainer.shards(two, 4).stream().map(List::size).toList());
        assertClose(gradients("cpu", kind, two), gradients("cpu,cpu,cpu,cpu", kind, two), kind + ", 2 triplets on 4");
    }

    @Test
    void aRunOnTwoReplicasGivesTheOneDeviceRunsLosses() throws IOException {
        List<Double> one = losses("cpu");
        List<Double> two = losses("cpu,cpu");
        assertEquals(4, one.size(), "steps: " + one);
        for (int i = 0; i < one.size(); i++) {
            // later steps read the mirrors the master weights were copied into after each update
            assertEquals(one.get(i), two.get(i), 1e-5, "step " + (i + 1) + ": " + one + " vs " + two);
        }
    }

    private static List<Double> losses(String device) throws IOException {
        List<TrainingEvent> events = new ArrayList<>();
        TrainConfig cfg = config(device, TrainingLoss.Kind.TRIPLET, dir.resolve("run-" + device.replace(',', '-')))
                .with("maxSteps", 4).with("batchSize", 3);
        List<Triplet> triplets = new ArrayList<>(BATCH);
        triplets.addAll(BATCH.subList(0, 5)); // 12 triplets: four full batches
        new TripletTrainer(cfg, tiny, tiny.dir(), triplets, null, null, events::add, CancellationToken.NONE).run(null);
        return events.stream().filter(e -> e.has("loss")).map(e -> e.number("loss")).toList();
    }

    @Test
    void theShardsCoverTheBatchInOrder() {
        List<List<Triplet>> s = TripletTrainer.shards(BATCH, 2);
        assertEquals(List.of(4, 3), s.stream().map(List::size).toList());
        assertEquals(BATCH, s.stream().flatMap(List::stream).toList());
        assertEquals(List.of(7), TripletTrainer.shards(BATCH, 1).stream().map(List::size).toList());
    }
}
