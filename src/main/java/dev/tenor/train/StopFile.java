package dev.tenor.train;

import dev.tenor.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Watches a run folder for a file named {@code STOP}: creating it asks the trainer (perhaps another
 * process, such as the workbench's child) to save a checkpoint and exit.
 */
public final class StopFile implements AutoCloseable {

    public static final String NAME = "STOP";

    private final Path file;
    private final Thread watcher;
    private volatile boolean running = true;

    /**
     * Starts watching. A STOP file older than this process is a leftover of a run that was killed after
     * being asked to stop, and is removed; a newer one is a request for this run (the workbench may ask
     * before the trainer is up), and is honoured.
     */
    public StopFile(Path runFolder, CancellationToken token) throws IOException {
        this.file = runFolder.resolve(NAME);
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        if (Files.exists(file) && Files.getLastModifiedTime(file).toInstant().isBefore(started)) {
            Files.deleteIfExists(file);
        }
        watcher = new Thread(() -> {
            while (running) {
                if (Files.exists(file)) {
                    token.cancel();
                    return;
                }
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tenor-stop-file");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Asks a run to stop by creating its STOP file. */
    public static void request(Path runFolder) throws IOException {
        Files.writeString(runFolder.resolve(NAME), "stop requested\n");
    }

    @Override
    public void close() throws IOException {
        running = false;
        watcher.interrupt();
        Files.deleteIfExists(file);
    }
}
