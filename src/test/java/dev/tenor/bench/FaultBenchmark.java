package dev.tenor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.TestEnvironment;
import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.eval.EmbeddingCache;
import dev.tenor.eval.EvaluationOptions;
import dev.tenor.eval.EvaluationResult;
import dev.tenor.eval.IntentEvaluation;
import dev.tenor.io.Json;
import dev.tenor.launch.ChildTenor;
import dev.tenor.model.BertConfig;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.Pooling;
import dev.tenor.model.SafeTensors;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import dev.tenor.train.Checkpoints;
import dev.tenor.train.MetricsLog;
import dev.tenor.train.TrainingEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault battery of issue 15, one command: {@code mvn -B -Pbenchmark test -Dtest=FaultBenchmark}. On a
 * small random BERT (3 layers of 128): 20 trainings stopped by two signals 0.3 s apart at a random step and
 * then resumed to the end; 20 SIGKILLs at random steps, each followed by {@code --resume} to the end; 20
 * evaluations interrupted by SIGINT at a random time; two evaluations of one model at once sharing the cache.
 * It prints each count and fails unless all are zero. Real processes, real signals, real files.
 */
@Tag("benchmark")
class FaultBenchmark {

    private static final BertConfig SMALL = new BertConfig(30522, 128, 3, 4, 512, 128, 2, 1e-12, "gelu");
    private static final int STEPS = 40;
    private static final int ROUNDS = Integer.getInteger("tenor.faults.rounds", 20);

    @TempDir
    Path dir;

    private Path model;
    private Path triplets;
    private final Random random = new Random(15);

    private int crashes;
    private int notResumable;
    private int lossMismatches;
    private int corrupt;
    private int slowExits;
    private int wrongExitCodes;
    private double slowest;
    private final List<String> problems = new ArrayList<>();

    private List<String> train(Path run) {
        return List.of("train", "--base", model.toString(), "--triplets", triplets.toString(), "--out", run.toString(),
                "--batch-size", "8", "--max-seq-length", "64", "--max-steps", Integer.toString(STEPS),
                "--checkpoint-every", "5", "--keep", "2", "--validate-every", "-1", "--seed", "3");
    }

    @Test
    void faultBattery() throws Exception {
        Path atis = TestEnvironment.needData(Path.of("../shared/data/atis").toAbsolutePath().normalize());
        model = TinyModels.write(dir.resolve("small"), SMALL, new SentenceSettings(64, Pooling.MEAN, true, ""), 5).dir();
        triplets = dir.resolve("triplets.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 96; i++) {
            sb.append("{\"anchor\":\"Paris is the capital of France and has ").append(i).append(" bridges\","
                    + "\"positive\":\"Rome is the capital of Italy and has ").append(i % 7).append(" bridges\","
                    + "\"negative\":\"France is the capital of Paris and has no bridges\"}\n");
        }
        Files.writeString(triplets, sb.toString());
        Path home = dir.resolve("home");

        // the uninterrupted run every resumed run must reproduce
        Path reference = dir.resolve("runs/reference");
        try (ChildTenor c = ChildTenor.start(home, dir.resolve("reference.log"), train(reference))) {
            double s = c.awaitExit(600);
            assertEquals(0, c.process().exitValue(), c.log());
            System.out.printf(Locale.ROOT, "reference run: %d steps in %.1f s%n", STEPS, s);
        }
        Map<Integer, Double> expected = ChildTenor.losses(reference);
        assertEquals(STEPS, expected.size());

        for (int i = 0; i < ROUNDS; i++) {
            Path run = dir.resolve("runs/two-signals-" + i);
            String sig = i % 2 == 0 ? "INT" : "TERM";
            try (ChildTenor c = ChildTenor.start(home, dir.resolve("two-" + i + ".log"), train(run))) {
                int at = 2 + random.nextInt(STEPS - 8);
                if (!c.awaitStep(run, at, 300)) {
                    problems.add("two signals " + i + ": the run ended before step " + at + ": " + c.log());
                    continue;
                }
                c.signal(sig);
                Thread.sleep(300);
                c.signal(sig);
                exited(c, "two SIG" + sig + " " + i, sig.equals("INT") ? 130 : 143);
            }
            resumeToTheEnd(home, run, expected, "two signals " + i);
        }
        for (int i = 0; i < ROUNDS; i++) {
            Path run = dir.resolve("runs/kill-" + i);
            try (ChildTenor c = ChildTenor.start(home, dir.resolve("kill-" + i + ".log"), train(run))) {
                int at = 2 + random.nextInt(STEPS - 6);
                if (!c.awaitStep(run, at, 300)) {
                    problems.add("kill " + i + ": the run ended before step " + at);
                    continue;
                }
                Thread.sleep(random.nextInt(40)); // anywhere in a step, a checkpoint write included
                c.signal("KILL");
                c.awaitExit(30);
            }
            resumeToTheEnd(home, run, expected, "kill " + i);
        }
        for (int i = 0; i < ROUNDS; i++) {
            List<String> args = List.of("evaluate", "--model", model.toString(), "--dataset", atis.toString(),
                    "--out", dir.resolve("eval-" + i).toString());
            try (ChildTenor c = ChildTenor.start(home, dir.resolve("eval-" + i + ".log"), args)) {
                Thread.sleep(500 + random.nextInt(5000));
                if (c.process().isAlive()) {
                    c.signal("INT");
                    exited(c, "evaluation " + i, -1);
                } else if (c.process().exitValue() != 0) {
                    wrongExitCodes++;
                    problems.add("evaluation " + i + " failed before the signal: " + c.log());
                }
            }
        }
        // two evaluations of one model at once, one cache
        List<ChildTenor> both = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            both.add(ChildTenor.start(home, dir.resolve("together-" + i + ".log"), List.of("evaluate", "--model",
                    model.toString(), "--dataset", atis.toString(), "--out", dir.resolve("together-" + i).toString())));
        }
        for (ChildTenor c : both) {
            try (c) {
                c.awaitExit(600);
                if (c.process().exitValue() != 0) {
                    wrongExitCodes++;
                    problems.add("evaluation at the same time failed: " + c.log());
                }
            }
        }
        checkReportsAndCache(home, atis);
        countCrashLogs();

        System.out.println();
        System.out.println("fault battery, " + ROUNDS + " rounds each:");
        System.out.println("  JVM crashes (hs_err files, exit 134/139): " + crashes);
        System.out.println("  runs that could not resume:              " + notResumable);
        System.out.println("  resumed losses off the uninterrupted run by > 1e-4: " + lossMismatches);
        System.out.println("  corrupted checkpoints or cache entries:  " + corrupt);
        System.out.printf(Locale.ROOT, "  exits > 10 s after the signal:           %d (slowest %.1f s)%n", slowExits,
                slowest);
        System.out.println("  unexpected exit codes:                   " + wrongExitCodes);
        problems.forEach(p -> System.out.println("  - " + p));
        assertEquals(List.of(0, 0, 0, 0, 0, 0), List.of(crashes, notResumable, lossMismatches, corrupt, slowExits,
                wrongExitCodes), String.join("\n", problems));
    }

    /** Exit time, exit code and crash signs of a child that was just signalled. */
    private void exited(ChildTenor c, String what, int expectedCode) throws Exception {
        double s = c.awaitExit(60);
        if (s < 0 || s > 10) {
            slowExits++;
            problems.add(what + ": exit took " + (s < 0 ? "over 60" : String.format(Locale.ROOT, "%.1f", s)) + " s");
        }
        slowest = Math.max(slowest, s < 0 ? 60 : s);
        if (s < 0) {
            c.close();
            return;
        }
        int code = c.process().exitValue();
        if (code == 134 || code == 139 || c.log().contains("SIGSEGV")) {
            crashes++;
            problems.add(what + ": crashed (exit " + code + ")");
        } else if (expectedCode >= 0 ? code != expectedCode : code != 130 && code != 0) {
            wrongExitCodes++;
            problems.add(what + ": exit " + code + ": " + c.log());
        }
    }

    /** Resumes {@code run} to its end; every step once, with the uninterrupted run's losses. */
    private void resumeToTheEnd(Path home, Path run, Map<Integer, Double> expected, String what) throws Exception {
        checkCheckpoints(run, what);
        try (ChildTenor c = ChildTenor.start(home, run.resolveSibling(run.getFileName() + "-resume.log"),
                List.of("train", "--resume", run.toString()))) {
            c.awaitExit(600);
            if (c.process().exitValue() != 0) {
                notResumable++;
                problems.add(what + ": resume exited " + c.process().exitValue() + ": " + c.log());
                keep(run);
                return;
            }
        }
        List<Integer> steps = ChildTenor.lossSteps(run);
        Map<Integer, Double> got = ChildTenor.losses(run);
        if (steps.size() != STEPS || got.size() != STEPS) {
            notResumable++;
            problems.add(what + ": steps after resuming " + steps);
            return;
        }
        List<String> off = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : expected.entrySet()) {
            if (Math.abs(e.getValue() - got.get(e.getKey())) > 1e-4) {
                off.add("step " + e.getKey() + " " + got.get(e.getKey()) + " vs " + e.getValue());
            }
        }
        if (!off.isEmpty()) {
            lossMismatches++;
            String from = MetricsLog.read(run.resolve("metrics.jsonl")).stream()
                    .filter(e -> "resumed".equals(e.get("event"))).map(e -> "resumed at " + e.get("path"))
                    .reduce((a, b) -> b).orElse("started afresh");
            problems.add(what + " (" + from + "): " + off.size() + " steps off: " + off.subList(0, Math.min(3,
                    off.size())));
            keep(run);
        }
        checkCheckpoints(run, what);
    }

    /** A failing run's folder and logs, copied to target/fault-runs/ for a look after the test. */
    private void keep(Path run) {
        Path to = Path.of("target/fault-runs").resolve(run.getFileName());
        try (Stream<Path> files = Files.walk(run.getParent())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (p.startsWith(run) || name.startsWith(run.getFileName() + "-")) {
                    Path dest = to.resolve(run.getParent().relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.createDirectories(dest.getParent());
                        Files.copy(p, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            for (Path log : List.of(dir.resolve("reference.log"))) {
                Files.copy(log, to.resolveSibling("reference.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Path ref = dir.resolve("runs/reference/metrics.jsonl");
            Files.copy(ref, to.resolveSibling("reference-metrics.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            problems.add("cannot keep " + run + ": " + e.getMessage());
        }
    }

    /** Every checkpoint opens as a model and holds its state and optimiser; no staging folder is left. */
    private void checkCheckpoints(Path run, String what) throws IOException {
        Path dir = run.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (int step : new Checkpoints(run).steps()) {
            Path c = new Checkpoints(run).folder(step);
            try {
                ModelFolder.open(c);
                SafeTensors.read(c.resolve(ModelFolder.WEIGHTS));
                SafeTensors.read(c.resolve(Checkpoints.OPTIMIZER));
                if (Checkpoints.readState(c).step() != step) {
                    throw new IllegalStateException("trainer_state.json says another step");
                }
            } catch (RuntimeException e) {
                corrupt++;
                problems.add(what + ": checkpoint " + c + ": " + e.getMessage());
            }
        }
        List<TrainingEvent> events = MetricsLog.read(run.resolve("metrics.jsonl"));
        if (events.isEmpty()) {
            corrupt++;
            problems.add(what + ": metrics.jsonl is empty");
        }
    }

    /** The reports of the finished evaluations agree, and the shared cache serves the right numbers. */
    private void checkReportsAndCache(Path home, Path atis) throws IOException {
        JsonNode first = Json.read(dir.resolve("together-0/report.json"));
        JsonNode second = Json.read(dir.resolve("together-1/report.json"));
        if (!first.path("results").path(0).path("top_k").equals(second.path("results").path(0).path("top_k"))
                || first.path("results").path(0).path("top_k").isMissingNode()) {
            corrupt++;
            problems.add("the two evaluations at once disagree");
        }
        IntentDataset data = IntentDatasetReader.read(atis);
        EmbeddingCache cache = new EmbeddingCache(home.resolve("data/cache/embeddings"));
        IntentEvaluation.Model m = new IntentEvaluation.Model("small", ModelFolder.open(model));
        List<EvaluationResult> cached = new IntentEvaluation(cache).evaluate(data, m, EvaluationOptions.DEFAULT,
                ProgressListener.NONE, CancellationToken.NONE);
        List<EvaluationResult> fresh = new IntentEvaluation(cache).evaluate(data, m,
                EvaluationOptions.DEFAULT.withCache(false), ProgressListener.NONE, CancellationToken.NONE);
        if (cache.corruptEntries() > 0 || cache.hits() == 0
                || !java.util.Arrays.equals(cached.get(0).topK().correct(), fresh.get(0).topK().correct())) {
            corrupt++;
            problems.add("cache: " + cache.corruptEntries() + " corrupt entries, " + cache.hits() + " hits, top-k "
                    + java.util.Arrays.toString(cached.get(0).topK().correct()) + " vs "
                    + java.util.Arrays.toString(fresh.get(0).topK().correct()));
        }
    }

    private void countCrashLogs() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long n = files.filter(p -> p.getFileName().toString().startsWith("hs_err_pid")).count();
            if (n > 0) {
                crashes += (int) n;
                problems.add(n + " hs_err files under " + dir);
            }
        }
    }
}
