package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.data.Triplet;
import dev.tenor.data.TripletBuilder;
import dev.tenor.data.TripletOptions;
import dev.tenor.data.TripletDataset;
import dev.tenor.data.TripletFile;
import dev.tenor.model.Vectors;
import dev.tenor.io.BadInputException;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on the real default model: it learns, it writes a loadable model, it refuses bad input. */
class TrainerTest {

    @TempDir
    static Path home;

    static ModelFolder base;
    static List<Triplet> triplets;
    static List<Triplet> devSet;

    @BeforeAll
    static void setUp() throws IOException {
        base = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(), ProgressListener.NONE);
        Path out = home.resolve("data/val-small");
        new TripletBuilder(TripletOptions.defaults().withMaxPerRelation(8).withDevFraction(0.25))
                .buildFolder(Path.of("../shared/data/fewrel/val_wiki.json"), null, out, ProgressListener.NONE,
                        CancellationToken.NONE);
        triplets = TripletDataset.readTriplets(out);
        devSet = TripletDataset.readDev(out);
    }

    static TrainConfig config(Path out, int epochs, int maxSteps, double lr) {
        return config(out, epochs, maxSteps, lr, 16);
    }

    static TrainConfig config(Path out, int epochs, int maxSteps, double lr, int batch) {
        return new TrainConfig(BuiltinModel.DEFAULT.modelName(), home.resolve("data/val-small/triplets.jsonl"), null,
                out, epochs, maxSteps, batch, 32, lr, 0.0, 0.01, 1.0, 0.5f, Distance.EUCLIDEAN, 3, 0, 2, "cpu",
                TrainConfig.Selection.LAST, -1, 0.1f);
    }

    @Test
    void lossFallsAndTheSavedModelDiffersFromTheBase() throws IOException {
        assertTrue(triplets.size() >= 32, "triplets: " + triplets.size());
        List<TrainingEvent> events = new ArrayList<>();
        Path out = home.resolve("runs/overfit");
        TrainConfig cfg = config(out, 2, 0, 1e-4, 8);
        TripletTrainer trainer = new TripletTrainer(cfg, base, base.dir(), triplets.subList(0, 48), devSet, null,
                events::add, CancellationToken.NONE);
        TripletTrainer.Result r = trainer.run(null);
        List<Double> losses = events.stream().filter(e -> e.has("loss")).map(e -> e.number("loss")).toList();
        assertEquals(12, losses.size());
        double first = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
        double last = (losses.get(9) + losses.get(10) + losses.get(11)) / 3;
        assertTrue(last < first * 0.5, "loss " + first + " -> " + last);
        List<Double> devAcc = events.stream().filter(e -> e.has("dev_accuracy")).map(e -> e.number("dev_accuracy"))
                .toList();
        assertEquals(3, devAcc.size(), "before training and at each of the 2 epoch ends");
        assertTrue(devAcc.get(2) > devAcc.get(0), "dev accuracy " + devAcc);
        assertEquals(out.resolve("model"), r.model());
        // metrics.jsonl holds exactly what the listener saw
        assertEquals(events.size(), MetricsLog.read(out.resolve("metrics.jsonl")).size());
        assertEquals(List.of(6, 12), new Checkpoints(out).steps(), "one per epoch end");

        List<String> probe = List.of("Paris is the capital of France.", "Turn off the lights in the kitchen");
        float[][] before;
        float[][] after;
        try (SentenceEncoder e = SentenceEncoder.open(base)) {
            before = e.encode(probe);
        }
        try (SentenceEncoder e = SentenceEncoder.open(ModelFolder.open(r.model()))) {
            after = e.encode(probe);
            assertEquals(base.settings(), e.folder().settings());
        }
        double cos = Vectors.cosine(before[0], after[0]);
        assertTrue(cos < 0.9999 && cos > 0.5, "trained embedding moved but stayed related: cosine " + cos);
    }

    @Test
    void nanLossStopsWithAClearErrorAndKeepsCheckpoints() throws IOException {
        Path out = home.resolve("runs/nan");
        TrainConfig cfg = config(out, 1, 4, 0.9);
        List<TrainingEvent> events = new ArrayList<>();
        TripletTrainer trainer = new TripletTrainer(cfg, base, base.dir(), triplets, List.of(), null, events::add,
                CancellationToken.NONE);
        // a learning rate of 0.9 breaks the model within a few steps; if it does not, the run must still end
        try {
            trainer.run(null);
        } catch (TrainingException e) {
            assertTrue(e.getMessage().contains("the loss became"), e.getMessage());
            assertTrue(events.stream().anyMatch(ev -> "error".equals(ev.get("event"))));
        }
    }

    @Test
    void stopRequestSavesACheckpointAndReturns() throws IOException {
        Path out = home.resolve("runs/stop");
        CancellationToken stop = new CancellationToken();
        List<TrainingEvent> events = new ArrayList<>();
        TripletTrainer trainer = new TripletTrainer(config(out, 1, 0, 2e-5), base, base.dir(), triplets, List.of(),
                null, e -> {
                    events.add(e);
                    if (e.has("loss") && e.number("step") == 2) {
                        stop.cancel();
                    }
                }, stop);
        TripletTrainer.Result r = trainer.run(null);
        assertTrue(r.stopped());
        assertEquals(2, r.state().step());
        assertEquals(out.resolve("checkpoints/step-2"), r.model());
        assertEquals(2, Checkpoints.readState(r.model()).step());
        assertTrue(Files.isRegularFile(r.model().resolve("model.safetensors")));
        assertEquals("stopped", events.get(events.size() - 1).get("event"));
    }

    @Test
    void badInputIsRefusedClearly() throws IOException {
        Path empty = home.resolve("empty.jsonl");
        Files.writeString(empty, "");
        BadInputException e = assertThrows(BadInputException.class, () -> TripletFile.read(empty));
        assertEquals(empty + ": holds no triplets (empty file)", e.getMessage());
        assertThrows(BadInputException.class, () -> new TripletTrainer(config(home.resolve("x"), 1, 0, 2e-5), base,
                base.dir(), List.of(), List.of(), null, x -> { }, CancellationToken.NONE));
        TrainConfig gpu = new TrainConfig(BuiltinModel.DEFAULT.modelName(), empty, null, home.resolve("g"), 1, 0, 16,
                32, 2e-5, 0.1, 0.01, 1, 0.5f, Distance.EUCLIDEAN, 1, 0, 1, "gpu:0", TrainConfig.Selection.LAST, -1,
                0.1f);
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> new TripletTrainer(gpu, base, base.dir(), triplets, List.of(), null, x -> { },
                        CancellationToken.NONE).run(null));
        assertTrue(g.getMessage().contains("no CUDA GPU is visible"), g.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config(home, 0, 0, 2e-5));
    }
}
