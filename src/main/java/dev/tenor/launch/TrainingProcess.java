package dev.tenor.launch;

import dev.tenor.io.LineTail;
import dev.tenor.train.MetricsLog;
import dev.tenor.train.RunFiles;
import dev.tenor.train.TrainingEvent;
import dev.tenor.io.TenorPaths;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A training run in a child JVM ({@code tenor train ...}), followed from this process: the child's output
 * goes to {@code train.log} in the run folder (the last lines are kept in memory too), and its
 * {@code metrics.jsonl} is polled for new events. Stopping asks politely (a {@code STOP} file, on which the
 * trainer saves a checkpoint and exits 0); killing does not.
 *
 * <p>The child writes its output straight into the log file rather than through a pipe, so it can outlive
 * this process (the workbench may close and leave the run going). Until the trainer has prepared a fresh
 * run folder (it refuses a non-empty one), the log is a hidden file beside it, moved in once
 * {@code args.json} appears.
 */
public final class TrainingProcess implements AutoCloseable {

    /** The log file in the run folder. */
    public static final String LOG = RunFiles.LOG;
    public static final String METRICS = RunFiles.METRICS;
    public static final String ARGS = RunFiles.ARGS;
    public static final String STOP = RunFiles.STOP;

    /** Lines kept in memory for a crash report. */
    public static final int RING_LINES = 400;

    private static final long POLL_MILLIS = 200;

    /** What a run tells its follower. Called on the follower thread, in order. */
    public interface Listener {

        /** A new line of {@code metrics.jsonl}. */
        default void onEvent(TrainingEvent event) {
        }

        /** A new line of the child's output. */
        default void onLog(String line) {
        }

        /** {@code metrics.jsonl} was rewritten (a resume drops the steps it redoes): forget its earlier events. */
        default void onMetricsRestart() {
        }

        /** The child exited with {@code code}; all its output and events have been delivered. */
        default void onExit(int code) {
        }
    }

    private final Process process;
    private final Path runFolder;
    private final Listener listener;
    private final Instant started;
    private final LineTail log;
    private final LineTail metrics;
    private final Deque<String> ring = new ArrayDeque<>();
    private final Thread follower;
    private volatile boolean logInFolder;
    private volatile boolean detached;
    private volatile Integer exitCode;

    private TrainingProcess(Process process, Path runFolder, Path logFile, boolean logInFolder, Listener listener,
                            Instant started) {
        this.process = process;
        this.runFolder = runFolder;
        this.listener = listener;
        this.started = started;
        this.log = new LineTail(logFile);
        this.logInFolder = logInFolder;
        this.metrics = new LineTail(runFolder.resolve(METRICS));
        this.follower = new Thread(this::follow, "tenor-train-follower");
        this.follower.setDaemon(true);
    }

    /**
     * Starts {@code command} in a child JVM of this installation (same java binary, same class path, DJL
     * offline, same Tenor home) and follows {@code runFolder}.
     */
    public static TrainingProcess start(EntryPoint command, Path runFolder, Listener listener) throws IOException {
        Path folder = runFolder.toAbsolutePath().normalize();
        boolean inFolder = command.resumes() && Files.isDirectory(folder);
        Path logFile = inFolder ? folder.resolve(LOG) : pendingLog(folder);
        Files.createDirectories(logFile.getParent());
        if (!inFolder) {
            Files.deleteIfExists(logFile);
        }
        ProcessBuilder pb = new ProcessBuilder(javaCommand(command));
        TenorPaths paths = TenorPaths.current();
        pb.environment().put("TENOR_HOME", paths.home().toString());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())));
        Instant started = Instant.now().minusSeconds(2); // file times may be coarse
        Process p = pb.start();
        TrainingProcess tp = new TrainingProcess(p, folder, logFile, inFolder, listener, started);
        tp.follower.start();
        return tp;
    }

    /** The full child command line. */
    public static List<String> javaCommand(EntryPoint command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(command.jvmOptions());
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.add("-Dtenor.home=" + TenorPaths.current().home());
        String shared = System.getProperty("tenor.shared.data");
        if (shared != null && !shared.isBlank()) {
            cmd.add("-Dtenor.shared.data=" + shared);
        }
        String sshDir = System.getProperty("tenor.ssh.dir"); // where a remote run's known_hosts and keys are
        if (sshDir != null && !sshDir.isBlank()) {
            cmd.add("-Dtenor.ssh.dir=" + sshDir);
        }
        cmd.add("--add-opens");
        cmd.add("java.base/java.lang=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(absoluteClassPath(System.getProperty("java.class.path")));
        cmd.add(command.mainClass());
        cmd.addAll(command.arguments());
        return cmd;
    }

    /**
     * The java binary of the runtime running this process. Not the process's own command: in an installed
     * Tenor that is the native launcher ({@code bin/Tenor}), which would pass the JVM options on to the
     * workbench as arguments; the installer's runtime keeps {@code bin/java} for this.
     */
    static String javaBinary() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
        Path java = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElse(java.toString());
    }

    /** Class path entries made absolute, so the child finds them whatever its working folder. */
    static String absoluteClassPath(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            out.add(entry.endsWith("*") ? entry : Path.of(entry).toAbsolutePath().normalize().toString());
        }
        return String.join(File.pathSeparator, out);
    }

    /** Where the log waits until the run folder is prepared: a hidden sibling of the run folder. */
    static Path pendingLog(Path runFolder) {
        return RunFiles.pendingLog(runFolder);
    }

    private static String nullDevice() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win") ? "NUL"
                : "/dev/null";
    }

    public Path runFolder() {
        return runFolder;
    }

    /** The log file as it is named now (hidden beside the run folder until the run folder is prepared). */
    public Path logFile() {
        return log.file();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the child has exited and everything was delivered. */
    public OptionalInt exitCode() {
        Integer c = exitCode;
        return c == null ? OptionalInt.empty() : OptionalInt.of(c);
    }

    /** Asks the trainer to save a checkpoint and exit, by creating {@code STOP} in the run folder. */
    public void requestStop() throws IOException {
        Files.createDirectories(runFolder);
        Files.writeString(runFolder.resolve(STOP), "stop requested by the workbench\n");
    }

    /** Sends SIGTERM: the trainer treats it as a stop request. */
    public void terminate() {
        process.destroy();
    }

    /** Ends the child at once (no checkpoint). */
    public void kill() {
        process.destroyForcibly();
    }

    /** The last {@code n} lines of the child's output. */
    public List<String> lastLines(int n) {
        synchronized (ring) {
            List<String> all = new ArrayList<>(ring);
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }

    /** Waits for the child to exit and its last output and events to be delivered. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        follower.join(left);
        return !follower.isAlive();
    }

    /** Stops following and leaves the child running (it keeps writing its log and metrics). */
    public void detach() {
        detached = true;
        follower.interrupt();
    }

    @Override
    public void close() {
        detach();
    }

    private void follow() {
        try {
            while (!detached) {
                boolean alive = process.isAlive();
                pollOnce();
                if (!alive) {
                    int code = process.exitValue();
                    pollOnce();
                    finishLog();
                    exitCode = code;
                    listener.onExit(code);
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollOnce() {
        try {
            moveLogIntoFolder();
            for (String line : log.poll().lines()) {
                synchronized (ring) {
                    ring.addLast(line);
                    while (ring.size() > RING_LINES) {
                        ring.removeFirst();
                    }
                }
                listener.onLog(line);
            }
            LineTail.Poll poll = metrics.poll();
            if (poll.restarted()) {
                listener.onMetricsRestart();
            }
            for (String line : poll.lines()) {
                TrainingEvent event = MetricsLog.parse(line);
                if (event != null) {
                    listener.onEvent(event);
                }
            }
        } catch (IOException e) {
            listener.onLog("(workbench: cannot read the run's files: " + e.getMessage() + ")");
        }
    }

    /** Once the trainer has written a fresh args.json, the run folder is its own: the log moves in. */
    private void moveLogIntoFolder() throws IOException {
        if (logInFolder) {
            return;
        }
        Path args = runFolder.resolve(ARGS);
        if (!Files.isRegularFile(args)) {
            return;
        }
        FileTime written = Files.getLastModifiedTime(args);
        if (written.toInstant().isBefore(started)) {
            return; // an old run's args.json that --overwrite is about to delete
        }
        Path target = runFolder.resolve(LOG);
        logInFolder = true; // one try: where a platform cannot rename an open file, the log stays beside the run
        // The child keeps writing to the same file: renaming does not change what its descriptor points to.
        Files.move(log.file(), target, StandardCopyOption.REPLACE_EXISTING);
        log.renamed(target);
    }

    /** A log that never made it into a run folder (the child failed first) is read, then removed. */
    private void finishLog() {
        if (!logInFolder) {
            try {
                Files.deleteIfExists(log.file());
            } catch (IOException e) {
                // a stray hidden file is harmless
            }
        }
    }
}
