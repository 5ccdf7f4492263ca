package dev.tenor.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.SmallDisk;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.train.RunFolders;
import dev.tenor.train.TrainingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child-process handling with the real {@code tenor train} as the child, training a tiny random BERT (two
 * layers of 32) so that steps take milliseconds: stop file, resume, a real failure (its disk fills at the second
 * checkpoint), a refused start and SIGKILL.
 */
class TrainingProcessTest {

    @TempDir
    Path dir;

    private Path tinyModel;
    private Path triplets;
    /** Every child started, killed after each test so a failed assertion never leaves a trainer running. */
    private final List<TrainingProcess> children = new CopyOnWriteArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(TrainingProcess::kill);
    }

    private TrainingProcess start(EntryPoint command, Path run, Recorder rec) throws Exception {
        TrainingProcess p = TrainingProcess.start(command, run, rec);
        children.add(p);
        return p;
    }

    @BeforeEach
    void tinyModelAndTriplets() throws Exception {
        tinyModel = TinyModels.write(dir.resolve("tiny"), new SentenceSettings(32, Pooling.MEAN, true, ""), 9).dir();
        triplets = dir.resolve("triplets.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            sb.append("{\"anchor\":\"Paris is the capital of France ").append(i).append("\",\"positive\":\"Rome is the "
                    + "capital of Italy\",\"negative\":\"France borders Paris\"}\n");
        }
        Files.writeString(triplets, sb.toString());
    }

    static final class Recorder implements TrainingProcess.Listener {
        final List<TrainingEvent> events = new CopyOnWriteArrayList<>();
        final List<String> log = new CopyOnWriteArrayList<>();
        final AtomicInteger restarts = new AtomicInteger();
        final CountDownLatch exited = new CountDownLatch(1);
        final CountDownLatch steps = new CountDownLatch(3);
        /** Steps up to this one are replays of an earlier session's metrics, not counted by {@link #steps}. */
        final int after;
        volatile int code = -1;

        Recorder() {
            this(0);
        }

        Recorder(int after) {
            this.after = after;
        }

        @Override
        public void onEvent(TrainingEvent event) {
            events.add(event);
            if (event.has("loss") && event.number("step") > after) {
                steps.countDown();
            }
        }

        @Override
        public void onLog(String line) {
            log.add(line);
        }

        @Override
        public void onMetricsRestart() {
            restarts.incrementAndGet();
        }

        @Override
        public void onExit(int code) {
            this.code = code;
            exited.countDown();
        }

        List<Integer> lossSteps() {
            return events.stream().filter(e -> e.has("loss")).map(e -> (int) e.number("step")).toList();
        }
    }

    /** {@code tenor train} on the tiny model: batches of 4, 16 steps an epoch, no validation, then {@code args}. */
    private EntryPoint train(String... args) {
        List<String> all = new ArrayList<>(List.of("--base", tinyModel.toString(), "--triplets", triplets.toString(),
                "--batch-size", "4", "--max-seq-length", "16", "--epochs", "1000", "--validate-every", "-1"));
        all.addAll(List.of(args));
        return EntryPoint.tenorTrain(all);
    }

    @Test
    void followsARunStopsItWithTheStopFileAndResumesIt() throws Exception {
        Path run = dir.resolve("runs/r1");
        Recorder rec = new Recorder();
        // A checkpoint every step, keeping one: the resumed session soon prunes the checkpoint it started from.
        TrainingProcess p = start(train("--out", run.toString(), "--max-steps", "100000", "--checkpoint-every", "1",
                "--keep", "1"), run, rec);
        assertTrue(rec.steps.await(120, TimeUnit.SECONDS), "three steps within two minutes");
        p.requestStop();
        assertTrue(rec.exited.await(60, TimeUnit.SECONDS));
        assertTrue(p.waitFor(Duration.ofSeconds(5)));
        assertEquals(0, rec.code, String.join("\n", p.lastLines(20)));
        assertEquals(0, p.exitCode().getAsInt());
        List<Integer> steps = rec.lossSteps();
        int last = steps.get(steps.size() - 1);
        assertTrue(steps.size() >= 3 && last < 100000, "steps " + steps);
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i + 1, steps.get(i), "every step once, in order, partial lines joined");
        }
        TrainingEvent stopped = rec.events.get(rec.events.size() - 1);
        assertEquals("stopped", stopped.get("event"));
        assertEquals(last, (int) stopped.number("step"));
        assertEquals("start", rec.events.get(0).get("event"));
        assertTrue(Files.isRegularFile(run.resolve(TrainingProcess.LOG)), "log moved into the run folder");
        assertFalse(Files.exists(TrainingProcess.pendingLog(run)));
        String log = Files.readString(run.resolve(TrainingProcess.LOG));
        assertTrue(log.contains("stopped at step " + last + "; checkpoint " + run.resolve("checkpoints/step-" + last)),
                log);
        assertEquals(rec.log, p.lastLines(100_000));

        RunFolders.Run described = RunFolders.describe(run);
        assertEquals(RunFolders.Status.STOPPED, described.status());
        assertEquals(last, described.lastStep());
        assertTrue(described.resumable());
        assertEquals(tinyModel.toString(), described.base());

        // Resume: the log is appended to in place, and the steps continue after the checkpoint's.
        Recorder again = new Recorder(last);
        TrainingProcess resumed = start(EntryPoint.tenorTrain(
                List.of("--resume", run.toString())), run, again);
        assertTrue(again.steps.await(120, TimeUnit.SECONDS));
        resumed.requestStop();
        assertTrue(again.exited.await(60, TimeUnit.SECONDS), () -> String.join("\n", resumed.lastLines(30)));
        assertEquals(0, again.code, String.join("\n", resumed.lastLines(20)));
        List<Integer> more = again.lossSteps().stream().filter(step -> step > last).toList();
        assertTrue(more.size() >= 3, "new steps " + more);
        for (int i = 0; i < more.size(); i++) {
            assertEquals(last + 1 + i, more.get(i), "resumed after step " + last);
        }
        int end = more.get(more.size() - 1);
        assertEquals(RunFolders.Status.STOPPED, RunFolders.describe(run).status());
        assertEquals(end, RunFolders.describe(run).lastStep());
        String both = Files.readString(run.resolve(TrainingProcess.LOG));
        assertTrue(both.startsWith(log), "the first session's log is kept");
        assertTrue(both.contains("stopped at step " + end + ";"), both);
        resumed.close();
    }

    @Test
    void aFailedRunIsReportedWithItsLastLines() throws Exception {
        // A real failure mid-run: the run folder sits on a 20 MB tmpfs, which holds one checkpoint of the tiny
        // model (weights + optimiser moments, about 13 MB) but not a second.
        Path disk = dir.resolve("small-disk");
        try (SmallDisk small = SmallDisk.mount(disk, "20m", "the failed-run test")) {
            Path run = disk.resolve("run");
            Recorder rec = new Recorder();
            TrainingProcess p = start(train("--out", run.toString(), "--max-steps", "50",
                    "--checkpoint-every", "2"), run, rec);
            assertTrue(rec.exited.await(120, TimeUnit.SECONDS));
            assertEquals(1, rec.code, () -> String.join("\n", p.lastLines(30)));
            assertEquals(List.of(1, 2, 3, 4), rec.lossSteps());
            List<String> lastLines = p.lastLines(2);
            assertEquals("tenor: TrainingException: cannot write checkpoint step-4 in " + run.resolve("checkpoints")
                    + " (No space left on device); earlier checkpoints are intact", lastLines.get(0));
            assertEquals("(set TENOR_DEBUG=1 for the stack trace)", lastLines.get(1));
            RunFolders.Run described = RunFolders.describe(run);
            assertEquals(RunFolders.Status.FAILED, described.status());
            assertTrue(described.message().startsWith("cannot write checkpoint step-4"), described.message());
            assertEquals(List.of(run.resolve("checkpoints/step-2")), described.checkpoints());
            assertTrue(described.resumable(), "step 2 is intact");
        }
    }

    @Test
    void aRefusedStartLeavesNoStrayFiles() throws Exception {
        Path run = dir.resolve("runs/taken");
        Files.createDirectories(run);
        Files.writeString(run.resolve("something.txt"), "x");
        Recorder rec = new Recorder();
        TrainingProcess p = start(train("--out", run.toString()), run, rec);
        assertTrue(rec.exited.await(60, TimeUnit.SECONDS));
        assertEquals(1, rec.code);
        assertEquals(List.of("tenor: " + run + ": the run folder exists; use --overwrite to replace it or --resume to "
                + "continue it"), p.lastLines(5));
        assertFalse(Files.exists(TrainingProcess.pendingLog(run)), "the hidden log is removed");
        assertFalse(Files.exists(run.resolve(TrainingProcess.LOG)));
        assertEquals(List.of(run.resolve("something.txt")), Files.list(run).toList(), "the folder is untouched");
    }

    @Test
    void killEndsTheChildAtOnce() throws Exception {
        Path run = dir.resolve("runs/k");
        Recorder rec = new Recorder();
        TrainingProcess p = start(train("--out", run.toString(), "--max-steps", "100000"), run, rec);
        assertTrue(rec.steps.await(120, TimeUnit.SECONDS));
        p.kill();
        assertTrue(rec.exited.await(30, TimeUnit.SECONDS));
        assertTrue(rec.code != 0, "killed: " + rec.code);
        assertEquals(RunFolders.Status.INCOMPLETE, RunFolders.describe(run).status());
    }

    @Test
    void commandLineRunsTheSameJavaOfflineWithTheSameHome() {
        List<String> cmd = TrainingProcess.javaCommand(EntryPoint.tenorTrain(List.of("--out", "x")));
        assertEquals(TrainingProcess.javaBinary(), cmd.get(0));
        assertTrue(cmd.contains("-Dai.djl.offline=true"));
        assertTrue(cmd.contains("-Dtenor.home=" + dev.tenor.io.TenorPaths.current().home()));
        assertEquals(List.of("dev.tenor.cli.Main", "train", "--out", "x"), cmd.subList(cmd.size() - 4, cmd.size()));
        assertTrue(EntryPoint.tenorTrain(List.of("--resume", "r")).resumes());
    }

    @Test
    void childJavaIsTheRuntimesJavaNotTheLauncher() {
        // An installed Tenor runs inside its native launcher (bin/Tenor); the child must get bin/java.
        Path expected = Path.of(System.getProperty("java.home"), "bin", "java");
        assertEquals(expected.toString(), TrainingProcess.javaBinary());
        assertTrue(Files.isExecutable(Path.of(TrainingProcess.javaBinary())));
    }

    @Test
    void runFoldersListsNewestFirstAndNamesFreshFolders() throws Exception {
        RunFolders runs = new RunFolders(dir.resolve("runs"));
        assertEquals(List.of(), runs.list());
        Path a = dir.resolve("runs/a");
        Files.createDirectories(a.resolve("checkpoints/step-10"));
        Files.createDirectories(a.resolve("checkpoints/step-9"));
        Files.writeString(a.resolve("metrics.jsonl"), "{\"event\":\"start\"}\n{\"step\":10,\"loss\":0.2}\n"
                + "{\"event\":\"error\",\"message\":\"loss is NaN\"}\n{\"step\":1");
        Files.setLastModifiedTime(a.resolve("metrics.jsonl"), java.nio.file.attribute.FileTime.fromMillis(1000));
        Path b = dir.resolve("runs/b");
        Files.createDirectories(b.resolve("model"));
        Files.writeString(b.resolve("model/config.json"), "{}");
        Files.writeString(b.resolve("metrics.jsonl"), "{\"event\":\"done\",\"step\":5}\n");
        List<RunFolders.Run> list = runs.list();
        assertEquals(List.of("b", "a"), list.stream().map(RunFolders.Run::name).toList());
        RunFolders.Run ra = list.get(1);
        assertEquals(RunFolders.Status.FAILED, ra.status());
        assertEquals("loss is NaN", ra.message());
        assertEquals(10, ra.lastStep());
        assertEquals(List.of(a.resolve("checkpoints/step-9"), a.resolve("checkpoints/step-10")), ra.checkpoints());
        assertEquals(a.resolve("checkpoints/step-10"), ra.latestCheckpoint());
        assertEquals(RunFolders.Status.DONE, list.get(0).status());
        assertEquals(b.resolve("model"), list.get(0).model());
        assertFalse(list.get(0).resumable());
        LocalDateTime t = LocalDateTime.of(2026, 1, 2, 3, 4, 5);
        assertEquals(dir.resolve("runs/20260102-030405-all-MiniLM-L6-v2"), runs.newRunFolder("all-MiniLM-L6-v2", t));
        Files.createDirectories(dir.resolve("runs/20260102-030405-x_y"));
        assertEquals(dir.resolve("runs/20260102-030405-x_y-2"), runs.newRunFolder("x y", t));
    }
}
