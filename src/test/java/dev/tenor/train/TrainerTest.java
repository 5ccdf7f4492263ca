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
import dev.tenor.model.FloatTensor;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.model.TokenizedText;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return TrainConfig.defaults(BuiltinModel.DEFAULT.modelName(), home.resolve("data/val-small/triplets.jsonl"),
                null, out).with("epochs", epochs).with("maxSteps", maxSteps).with("batchSize", batch)
                .with("maxSeqLength", 32).with("lr", lr).with("warmup", 0.0).with("seed", 3L)
                .with("checkpointEvery", 0).with("keep", 2).with("select", TrainConfig.Selection.LAST)
                .with("validateEvery", -1);
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

    /**
     * A model whose embedding of one word is NaN: training is fine until the first batch holding that word,
     * then it stops with an error naming the step and the last good checkpoint, which stays intact.
     */
    @Test
    void nanLossStopsWithAClearErrorAndKeepsCheckpoints() throws IOException {
        SentenceSettings settings = new SentenceSettings(32, Pooling.MEAN, false, "");
        Map<String, FloatTensor> weights = new LinkedHashMap<>(TinyModels.randomWeights(TinyModels.TINY, 4));
        ModelFolder tiny = ModelFolder.write(home.resolve("tiny-nan"), new ModelFolder.Contents(TinyModels.TINY,
                settings, weights, TinyModels.minilmTokenizer(), null, Map.of("source", "test")));
        int poisonId;
        try (SentenceEncoder e = SentenceEncoder.open(tiny)) {
            TokenizedText t = e.tokenize("zebra");
            assertEquals(3, t.length(), "[CLS] zebra [SEP]");
            poisonId = (int) t.ids()[1];
        }
        FloatTensor emb = weights.get("embeddings.word_embeddings.weight");
        float[] data = emb.data().clone();
        int hidden = (int) emb.shape()[1];
        java.util.Arrays.fill(data, poisonId * hidden, (poisonId + 1) * hidden, Float.NaN);
        weights.put("embeddings.word_embeddings.weight", new FloatTensor(emb.shape(), data));
        tiny = ModelFolder.write(tiny.dir(), new ModelFolder.Contents(TinyModels.TINY, settings, weights,
                TinyModels.minilmTokenizer(), null, Map.of("source", "test")));

        Path out = home.resolve("runs/nan");
        TrainConfig cfg = TrainConfig.defaults(tiny.dir().toString(), home.resolve("nan.jsonl"), null, out)
                .with("epochs", 1).with("batchSize", 2).with("maxSeqLength", 32).with("lr", 1e-3).with("warmup", 0.0)
                .with("seed", 3L).with("checkpointEvery", 1).with("keep", 10).with("select", TrainConfig.Selection.LAST)
                .with("validateEvery", -1).with("dropout", 0f);
        List<Triplet> clean = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            clean.add(new Triplet("anchor sentence " + i, "positive sentence " + i, "negative sentence " + i,
                    "P" + (i % 3), "", i, -1));
        }
        // the trainer's order for 12 triplets: put the poisoned word into the fourth batch
        List<List<Triplet>> batches = TrainingBatches.first(cfg, clean, 6);
        Triplet victim = batches.get(3).get(0);
        List<Triplet> data12 = new ArrayList<>(clean);
        data12.set(clean.indexOf(victim), new Triplet("a zebra " + victim.anchor(), victim.positive(),
                victim.negative(), victim.relation(), "", victim.anchorIndex(), -1));
        List<TrainingEvent> events = new ArrayList<>();
        TripletTrainer trainer = new TripletTrainer(cfg, tiny, tiny.dir(), data12, List.of(), null, events::add,
                CancellationToken.NONE);
        TrainingException e = assertThrows(TrainingException.class, () -> trainer.run(null));
        assertEquals("the loss became NaN at step 4; training stopped (try a lower learning rate). Last good "
                + "checkpoint: " + out.resolve("checkpoints/step-3"), e.getMessage());
        assertEquals(List.of(1, 2, 3), new Checkpoints(out).steps());
        assertEquals(3, Checkpoints.readState(out.resolve("checkpoints/step-3")).step());
        try (SentenceEncoder enc = SentenceEncoder.open(ModelFolder.open(out.resolve("checkpoints/step-3")))) {
            assertTrue(Float.isFinite(enc.encode(List.of("anchor sentence 1"))[0][0]), "the checkpoint is usable");
        }
        TrainingEvent last = events.get(events.size() - 1);
        assertEquals("error", last.get("event"));
        assertEquals(e.getMessage(), last.get("message"));
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
        TrainConfig gpu = TrainConfig.defaults(BuiltinModel.DEFAULT.modelName(), empty, null, home.resolve("g"))
                .with("epochs", 1).with("batchSize", 16).with("maxSeqLength", 32).with("device", "gpu:0")
                .with("select", TrainConfig.Selection.LAST).with("validateEvery", -1);
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> new TripletTrainer(gpu, base, base.dir(), triplets, List.of(), null, x -> { },
                        CancellationToken.NONE).run(null));
        assertTrue(g.getMessage().contains("no CUDA GPU is visible"), g.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config(home, 0, 0, 2e-5));
    }
}
