package dev.tenor.launch;

import dev.tenor.train.MetricsLog;
import dev.tenor.train.TrainingEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code tenor} command in a child JVM of the test's class path, its output in a log file, for the
 * process tests and the fault benchmark: signals, waits for steps, exit timing.
 */
public final class ChildTenor implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildTenor(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code tenor <args>} with DJL offline and {@code home} as TENOR_HOME. */
    public static ChildTenor start(Path home, Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(TrainingProcess.javaCommand(EntryPoint.tenor(args)));
        // the launcher passes its own Tenor home on; a test's child must use the test's
        command.replaceAll(a -> a.startsWith("-Dtenor.home=") ? "-Dtenor.home=" + home : a);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("TENOR_HOME", home.toString());
        pb.directory(log.toAbsolutePath().getParent().toFile()); // a crash log (hs_err) lands beside the log
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return new ChildTenor(pb.start(), log);
    }

    public Process process() {
        return process;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Sends SIG{@code name} (INT, TERM, KILL). */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -s " + name + " " + process.pid() + " failed");
        }
    }

    /** Seconds until the process exits, or -1 if it runs past {@code limitSeconds}. */
    public double awaitExit(int limitSeconds) throws InterruptedException {
        long t0 = System.nanoTime();
        if (!process.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            return -1;
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Waits until {@code run}'s metrics hold a loss for step {@code step}; false when the child ends first. */
    public boolean awaitStep(Path run, int step, int limitSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        while (System.nanoTime() < deadline && process.isAlive()) {
            List<Integer> steps = lossSteps(run);
            if (!steps.isEmpty() && steps.get(steps.size() - 1) >= step) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** The steps with a loss in {@code run}'s metrics, in file order. */
    public static List<Integer> lossSteps(Path run) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (TrainingEvent e : MetricsLog.read(run.resolve("metrics.jsonl"))) {
            if (e.has("loss")) {
                out.add((int) e.number("step"));
            }
        }
        return out;
    }

    /** Step to loss, from {@code run}'s metrics. */
    public static java.util.Map<Integer, Double> losses(Path run) throws IOException {
        java.util.Map<Integer, Double> out = new java.util.TreeMap<>();
        for (TrainingEvent e : MetricsLog.read(run.resolve("metrics.jsonl"))) {
            if (e.has("loss")) {
                out.put((int) e.number("step"), e.number("loss"));
            }
        }
        return out;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
