package dev.tenor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.launch.ChildTenor;
import dev.tenor.model.BertConfig;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.train.Checkpoints;
import dev.tenor.train.MetricsLog;
import dev.tenor.train.TrainingEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM against real {@code tenor} child processes: a stop is a checkpoint of the last finished
 * step and an exit code that says which signal it was (130, 143), a second signal never ends the JVM under
 * native work, and an evaluation stops within seconds.
 */
class SignalsProcessTest {

    /** A model slow enough that a step or a batch is in flight when the signal lands. */
    private static final BertConfig SMALL = new BertConfig(30522, 128, 3, 4, 512, 128, 2, 1e-12, "gelu");

    @TempDir
    static Path dir;

    static Path model;
    static Path triplets;

    private final List<ChildTenor> children = new ArrayList<>();

    @BeforeAll
    static void modelAndTriplets() throws IOException {
        // a shell without job control starts background jobs with SIGINT ignored, and children inherit that:
        // then no child of this JVM can be interrupted, whatever Tenor does (SIGTERM still arrives)
        dev.tenor.TestEnvironment.need(!sigintIgnored(), "SIGINT is ignored in this JVM (started in the background "
                + "by a shell without job control, e.g. `(mvn test &)`), so the children inherit it; run it in the "
                + "foreground or with `set -m`");
        model = TinyModels.write(dir.resolve("small"), SMALL, new SentenceSettings(64, Pooling.MEAN, true, ""), 5).dir();
        triplets = dir.resolve("triplets.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            sb.append("{\"anchor\":\"Paris is the capital of France and has ").append(i).append(" bridges over the "
                    + "river\",\"positive\":\"Rome is the capital of Italy and has many bridges over the river\","
                    + "\"negative\":\"France is the capital of Paris and has a few bridges over the river\"}\n");
        }
        Files.writeString(triplets, sb.toString());
    }

    /** Bit 2 (SIGINT) of the ignored-signal mask in /proc/self/status (Linux); false where that is not readable. */
    private static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    @AfterEach
    void killChildren() {
        children.forEach(ChildTenor::close);
    }

    private ChildTenor start(Path log, String... args) throws IOException {
        ChildTenor c = ChildTenor.start(dir.resolve("home"), log, List.of(args));
        children.add(c);
        return c;
    }

    private ChildTenor train(Path run, Path log) throws IOException {
        return start(log, "train", "--base", model.toString(), "--triplets", triplets.toString(), "--out",
                run.toString(), "--batch-size", "8", "--max-seq-length", "64", "--max-steps", "5000",
                "--checkpoint-every", "1000", "--validate-every", "-1", "--seed", "3");
    }

    /** Waits until the run has logged {@code steps} finished steps. */
    private static void awaitSteps(Path run, int steps, ChildTenor p) throws Exception {
        assertTrue(p.awaitStep(run, steps, 120), "the run logged fewer than " + steps + " steps: " + p.log());
    }

    private static List<Integer> lossSteps(Path run) throws IOException {
        return ChildTenor.lossSteps(run);
    }

    /** Seconds until {@code p} exits; fails past {@code limit}. */
    private static double awaitExit(ChildTenor p, int limit) throws Exception {
        double s = p.awaitExit(limit);
        assertTrue(s >= 0, "still running " + limit + " s after the signal: " + p.log());
        return s;
    }

    private static void assertStoppedWithCheckpointOfLastStep(Path run) throws IOException {
        List<TrainingEvent> events = MetricsLog.read(run.resolve("metrics.jsonl"));
        TrainingEvent stopped = events.get(events.size() - 1);
        assertEquals("stopped", stopped.get("event"), "the last event");
        int last = lossSteps(run).get(lossSteps(run).size() - 1);
        assertEquals(last, (int) stopped.number("step"), "the checkpoint is of the last finished step");
        Path checkpoint = run.resolve("checkpoints/step-" + last);
        assertEquals(checkpoint.toString(), stopped.get("path"));
        assertEquals(last, Checkpoints.readState(checkpoint).step());
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            assertEquals(List.of("step-" + last), s.map(p -> p.getFileName().toString()).toList(),
                    "no half-written staging folders");
        }
    }

    private static void assertNoCrashLog(Path log) throws IOException {
        String out = Files.readString(log);
        assertFalse(out.contains("SIGSEGV") || out.contains("hs_err_pid"), out);
    }

    @Test
    void sigtermCheckpointsTheLastFinishedStepAndExits143() throws Exception {
        Path run = dir.resolve("runs/term");
        Path log = dir.resolve("term.log");
        ChildTenor p = train(run, log);
        awaitSteps(run, 3, p);
        p.signal("TERM");
        awaitExit(p, 30);
        assertEquals(143, p.process().exitValue(), Files.readString(log));
        assertStoppedWithCheckpointOfLastStep(run);
        assertTrue(Files.readString(log).contains("tenor: SIGTERM: finishing the step in flight"), Files.readString(log));
        assertNoCrashLog(log);
    }

    @Test
    void twoSigintsCloseTogetherStillEndWithACheckpointAndExit130() throws Exception {
        Path run = dir.resolve("runs/int2");
        Path log = dir.resolve("int2.log");
        ChildTenor p = train(run, log);
        awaitSteps(run, 3, p);
        p.signal("INT");
        Thread.sleep(300);
        p.signal("INT");
        double seconds = awaitExit(p, 10);
        assertEquals(130, p.process().exitValue(), Files.readString(log));
        assertStoppedWithCheckpointOfLastStep(run);
        assertTrue(seconds < 10, "exit took " + seconds + " s");
        assertNoCrashLog(log);

        // and it resumes from there: the resumed session's first step follows the checkpoint
        int stoppedAt = lossSteps(run).get(lossSteps(run).size() - 1);
        Path log2 = dir.resolve("int2-resume.log");
        ChildTenor resumed = start(log2, "train", "--resume", run.toString());
        awaitSteps(run, stoppedAt + 2, resumed);
        Files.writeString(run.resolve("STOP"), "stop\n");
        awaitExit(resumed, 30);
        assertEquals(0, resumed.process().exitValue(), "a STOP file is an ordinary end: " + resumed.log());
        List<Integer> steps = lossSteps(run);
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i + 1, (int) steps.get(i), "every step once, in order: " + steps);
        }
    }

    @Test
    void aRunStoppedBeforeItsFirstStepRestartsInPlace() throws Exception {
        Path run = dir.resolve("runs/early");
        Files.createDirectories(run);
        Files.writeString(run.resolve("STOP"), "asked before the trainer is up\n");
        Path log = dir.resolve("early.log");
        ChildTenor p = train(run, log);
        awaitExit(p, 60);
        assertEquals(0, p.process().exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("stopped before the first step: nothing to checkpoint"),
                Files.readString(log));
        assertTrue(Checkpoints.neverTrained(run));
        // the same command again, without --overwrite, starts it afresh in the same folder
        ChildTenor again = train(run, dir.resolve("early2.log"));
        awaitSteps(run, 2, again);
        again.signal("TERM");
        awaitExit(again, 30);
        assertEquals(143, again.process().exitValue());
        assertStoppedWithCheckpointOfLastStep(run);
    }

    @Test
    void sigintDuringAnEvaluationStopsItWithin10Seconds() throws Exception {
        Path log = dir.resolve("eval.log");
        Path out = dir.resolve("eval-out");
        ChildTenor p = start(log, "evaluate", "--model", model.toString(), "--dataset",
                Path.of("../shared/data/mtop_intent/en").toAbsolutePath().toString(), "--no-cache", "--out",
                out.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("embedding") && System.nanoTime() < deadline && p.process().isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(p.process().isAlive(), "the evaluation was still running: " + p.log());
        p.signal("INT");
        double seconds = awaitExit(p, 10);
        assertEquals(130, p.process().exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("tenor: stopped"), Files.readString(log));
        assertFalse(Files.exists(out.resolve("report.json")), "no report from a stopped evaluation");
        assertTrue(seconds < 10);
        assertNoCrashLog(log);
    }
}
