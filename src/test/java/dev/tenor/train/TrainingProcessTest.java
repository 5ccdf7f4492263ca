package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child-process handling, with {@link FakeTrainer} as the child (a real JVM writing a real run folder). */
class TrainingProcessTest {

    @TempDir
    Path dir;

    static final class Recorder implements TrainingProcess.Listener {
        final List<TrainingEvent> events = new CopyOnWriteArrayList<>();
        final List<String> log = new CopyOnWriteArrayList<>();
        final AtomicInteger restarts = new AtomicInteger();
        final CountDownLatch exited = new CountDownLatch(1);
        final CountDownLatch steps = new CountDownLatch(3);
        volatile int code = -1;

        @Override
        public void onEvent(TrainingEvent event) {
            events.add(event);
            if (event.has("loss")) {
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

    static TrainingProcess.Command fake(List<String> args, String... jvmOptions) {
        return new TrainingProcess.Command(FakeTrainer.class.getName(), args, List.of(jvmOptions));
    }

    @Test
    void followsARunAndStopsItWithTheStopFile() throws Exception {
        Path run = dir.resolve("runs/r1");
        Recorder rec = new Recorder();
        TrainingProcess p = TrainingProcess.start(fake(List.of("--out", run.toString(), "--max-steps", "200")), run, rec);
        assertTrue(rec.steps.await(60, TimeUnit.SECONDS), "three steps within a minute");
        p.requestStop();
        assertTrue(rec.exited.await(30, TimeUnit.SECONDS));
        assertTrue(p.waitFor(Duration.ofSeconds(5)));
        assertEquals(0, rec.code);
        assertEquals(0, p.exitCode().getAsInt());
        List<Integer> steps = rec.lossSteps();
        assertTrue(steps.size() >= 3 && steps.size() < 200, "steps " + steps);
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i + 1, steps.get(i), "every step once, in order, partial lines joined");
        }
        TrainingEvent last = rec.events.get(rec.events.size() - 1);
        assertEquals("stopped", last.get("event"));
        assertEquals("start", rec.events.get(0).get("event"));
        assertTrue(Files.isRegularFile(run.resolve(TrainingProcess.LOG)), "log moved into the run folder");
        assertFalse(Files.exists(TrainingProcess.pendingLog(run)));
        String log = Files.readString(run.resolve(TrainingProcess.LOG));
        assertTrue(log.startsWith("fake trainer: starting at step 1 of 200\n"), log);
        assertTrue(log.contains("stopped at step " + steps.get(steps.size() - 1)), log);
        assertEquals(rec.log, p.lastLines(1000));

        RunFolders.Run described = RunFolders.describe(run);
        assertEquals(RunFolders.Status.STOPPED, described.status());
        assertEquals(steps.get(steps.size() - 1), described.lastStep());
        assertTrue(described.resumable());
        assertEquals("all-MiniLM-L6-v2", described.base());

        // Resume: the log is appended to in place, events continue after the checkpoint's step.
        Recorder again = new Recorder();
        TrainingProcess resumed = TrainingProcess.start(fake(List.of("--resume", run.toString(), "--max-steps",
                Integer.toString(steps.size() + 3))), run, again);
        assertTrue(again.exited.await(30, TimeUnit.SECONDS));
        assertEquals(0, again.code);
        assertEquals(steps.size() + 3, (int) again.lossSteps().get(again.lossSteps().size() - 1));
        assertEquals(RunFolders.Status.DONE, RunFolders.describe(run).status());
        assertTrue(Files.readString(run.resolve(TrainingProcess.LOG)).contains("fake trainer: starting at step "
                + (steps.size() + 1)));
        resumed.close();
    }

    @Test
    void aCrashIsReportedWithItsLastLines() throws Exception {
        Path run = dir.resolve("runs/crash");
        Recorder rec = new Recorder();
        TrainingProcess p = TrainingProcess.start(fake(List.of("--out", run.toString(), "--max-steps", "50"),
                "-Dfake.crashAt=4", "-Dfake.stepMillis=10"), run, rec);
        assertTrue(rec.exited.await(30, TimeUnit.SECONDS));
        assertEquals(3, rec.code);
        assertEquals(List.of(1, 2, 3), rec.lossSteps());
        List<String> last = p.lastLines(2);
        assertEquals(List.of("Exception in thread \"main\" java.lang.IllegalStateException: fake crash at step 4",
                "\tat dev.tenor.train.FakeTrainer.main(FakeTrainer.java)"), last);
    }

    @Test
    void aRefusedStartLeavesNoStrayFiles() throws Exception {
        Path run = dir.resolve("runs/taken");
        Files.createDirectories(run);
        Files.writeString(run.resolve("something.txt"), "x");
        Recorder rec = new Recorder();
        TrainingProcess p = TrainingProcess.start(fake(List.of("--out", run.toString())), run, rec);
        assertTrue(rec.exited.await(30, TimeUnit.SECONDS));
        assertEquals(1, rec.code);
        assertEquals(List.of("tenor: " + run + ": the run folder exists; use --overwrite to replace it"),
                p.lastLines(5));
        assertFalse(Files.exists(TrainingProcess.pendingLog(run)), "the hidden log is removed");
        assertFalse(Files.exists(run.resolve(TrainingProcess.LOG)));
    }

    @Test
    void killEndsTheChildAtOnce() throws Exception {
        Path run = dir.resolve("runs/k");
        Recorder rec = new Recorder();
        TrainingProcess p = TrainingProcess.start(fake(List.of("--out", run.toString(), "--max-steps", "100000")), run,
                rec);
        assertTrue(rec.steps.await(60, TimeUnit.SECONDS));
        p.kill();
        assertTrue(rec.exited.await(30, TimeUnit.SECONDS));
        assertTrue(rec.code != 0, "killed: " + rec.code);
        assertEquals(RunFolders.Status.INCOMPLETE, RunFolders.describe(run).status());
    }

    @Test
    void commandLineRunsTheSameJavaOfflineWithTheSameHome() {
        List<String> cmd = TrainingProcess.javaCommand(TrainingProcess.Command.tenorTrain(List.of("--out", "x")));
        assertEquals(TrainingProcess.javaBinary(), cmd.get(0));
        assertTrue(cmd.contains("-Dai.djl.offline=true"));
        assertTrue(cmd.contains("-Dtenor.home=" + dev.tenor.io.TenorPaths.current().home()));
        assertEquals(List.of("dev.tenor.cli.Main", "train", "--out", "x"), cmd.subList(cmd.size() - 4, cmd.size()));
        assertTrue(TrainingProcess.Command.tenorTrain(List.of("--resume", "r")).resumes());
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
