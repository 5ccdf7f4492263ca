package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.SmallDisk;
import dev.tenor.data.Triplet;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder on a small real file system (tmpfs) that fills up: the failed checkpoint leaves nothing
 * behind, the earlier checkpoint stays loadable, and the error says what happened.
 */
class DiskFullTest {

    @TempDir
    Path home;

    private SmallDisk mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            mount.close();
        }
    }

    @Test
    void fullDiskNeverCorruptsACheckpoint() throws Exception {
        ModelFolder base = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(),
                ProgressListener.NONE);
        Path dir = home.resolve("small-disk");
        // one checkpoint is ~90 MB of weights + ~180 MB of optimiser moments; 400 MB holds one, not two
        mount = SmallDisk.mount(dir, "400m", "the disk-full test");

        List<Triplet> triplets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            triplets.add(new Triplet("The cat " + i + " sat on the mat.", "The dog " + i + " sat on the rug.",
                    "The mat sat on the cat " + i + ".", "P1", "", i, i));
        }
        Path run = dir.resolve("run");
        TrainConfig cfg = TrainConfig.defaults(BuiltinModel.DEFAULT.modelName(), home.resolve("t.jsonl"), null, run)
                .with("epochs", 1).with("batchSize", 4).with("maxSeqLength", 16).with("seed", 1L)
                .with("checkpointEvery", 1).with("keep", 1).with("select", TrainConfig.Selection.LAST)
                .with("validateEvery", -1);
        List<TrainingEvent> events = new ArrayList<>();
        TripletTrainer trainer = new TripletTrainer(cfg, base, base.dir(), triplets, List.of(), null, events::add,
                CancellationToken.NONE);
        TrainingException e = assertThrows(TrainingException.class, () -> trainer.run(null));
        assertTrue(e.getMessage().startsWith("cannot write checkpoint step-2 in " + run.resolve("checkpoints")),
                e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertTrue(e.getMessage().endsWith("earlier checkpoints are intact"), e.getMessage());

        assertEquals(List.of(1), new Checkpoints(run).steps());
        try (var s = Files.list(run.resolve("checkpoints"))) {
            assertEquals(List.of("step-1"), s.map(x -> x.getFileName().toString()).toList(), "no temporaries left");
        }
        try (SentenceEncoder enc = SentenceEncoder.open(ModelFolder.open(run.resolve("checkpoints/step-1")))) {
            assertEquals(384, enc.encode(List.of("still loads")).length == 1 ? enc.dimension() : -1);
        }
        assertEquals("error", events.get(events.size() - 1).get("event"));
    }
}
