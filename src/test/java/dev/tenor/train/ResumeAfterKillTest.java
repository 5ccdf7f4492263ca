package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.data.TripletBuilder;
import dev.tenor.data.TripletOptions;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelStore;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tenor train} as its own process, killed with SIGKILL mid-run and resumed from its last
 * checkpoint: the resumed losses equal those of an uninterrupted run with the same seed, with every loss
 * (and length-grouped batches with one of them).
 */
class ResumeAfterKillTest {

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"triplet", "cosine-triplet", "mnrl"})
    void resumedRunRepeatsTheUninterruptedLosses(String loss) throws Exception {
        new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(), ProgressListener.NONE);
        Path data = home.resolve("data/small");
        new TripletBuilder(TripletOptions.defaults().withMaxPerRelation(6).withDevFraction(0))
                .buildFolder(Path.of("../shared/data/fewrel/val_wiki.json"), null, data, ProgressListener.NONE,
                        CancellationToken.NONE);
        List<String> args = List.of("--triplets", data.resolve("triplets.jsonl").toString(), "--batch-size", "8",
                "--max-seq-length", "32", "--max-steps", "10", "--checkpoint-every", "4", "--validate-every", "-1",
                "--seed", "5", "--keep", "5", "--loss", loss,
                "--group-by-length", Boolean.toString(loss.equals("mnrl")));

        Path full = home.resolve("runs/full");
        Process a = train(args, "--out", full.toString());
        assertEquals(0, a.waitFor(), log(full));
        Map<Integer, Double> expected = losses(full);
        assertEquals(10, expected.size());

        Path killed = home.resolve("runs/killed");
        Process b = train(args, "--out", killed.toString());
        Path metrics = killed.resolve("metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(killed.resolve("checkpoints/step-4/trainer_state.json")) && b.isAlive()) {
            assertTrue(System.nanoTime() < deadline, "no checkpoint within 5 minutes");
            Thread.sleep(50);
        }
        b.destroyForcibly(); // SIGKILL: no chance to save anything more
        b.waitFor();
        int reached = losses(killed).size();
        assertTrue(reached < 10, "the run must be killed mid-way, reached step " + reached);

        Process c = train(List.of("--resume", killed.toString()));
        assertEquals(0, c.waitFor(), log(killed));
        Map<Integer, Double> resumed = losses(killed);
        assertEquals(expected.keySet(), resumed.keySet());
        for (int step = 5; step <= 10; step++) {
            assertEquals(expected.get(step), resumed.get(step), 1e-4, "loss at step " + step);
        }
        List<String> events = new ArrayList<>();
        for (TrainingEvent e : MetricsLog.read(metrics)) {
            if (e.has("event")) {
                events.add((String) e.get("event"));
            }
        }
        assertTrue(events.contains("resumed") && events.get(events.size() - 1).equals("done"), events.toString());
        assertTrue(Files.isRegularFile(killed.resolve("model/model.safetensors")));
    }

    private Process train(List<String> args, String... more) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx2g", "-Dai.djl.offline=true", "-Dtenor.home=" + home, "-cp", System.getProperty("java.class.path"),
                "dev.tenor.cli.Main", "train"));
        cmd.addAll(args);
        cmd.addAll(List.of(more));
        Path logFile = home.resolve("train-" + System.nanoTime() + ".log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    }

    private String log(Path run) throws IOException {
        StringBuilder sb = new StringBuilder("logs:\n");
        try (var s = Files.list(home)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("train-")).toList()) {
                List<String> lines = Files.readAllLines(p);
                sb.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))).append('\n');
            }
        }
        return sb.toString();
    }

    private static Map<Integer, Double> losses(Path run) throws IOException {
        Map<Integer, Double> out = new TreeMap<>();
        for (TrainingEvent e : MetricsLog.read(run.resolve("metrics.jsonl"))) {
            if (e.has("loss")) {
                out.put((int) e.number("step"), e.number("loss"));
            }
        }
        return out;
    }
}
