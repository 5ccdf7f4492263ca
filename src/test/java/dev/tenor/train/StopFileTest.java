package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The STOP file: a leftover of a killed run is cleared, a request made before the trainer is up is honoured. */
class StopFileTest {

    @TempDir
    Path dir;

    @Test
    void aStopRequestedBeforeTheTrainerIsUpIsHonouredAndALeftoverIsNot() throws Exception {
        Path run = dir.resolve("runs/s");
        Files.createDirectories(run);
        Path stop = run.resolve(StopFile.NAME);
        Files.writeString(stop, "left by a killed run\n");
        Files.setLastModifiedTime(stop, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofHours(1))));
        dev.tenor.task.CancellationToken old = new dev.tenor.task.CancellationToken();
        try (StopFile ignored = new StopFile(run, old)) {
            assertFalse(Files.exists(stop), "a STOP file older than the trainer is removed");
            Thread.sleep(700);
            assertFalse(old.isCancelled());
        }
        StopFile.request(run); // written after this process started: a request for this run
        dev.tenor.task.CancellationToken fresh = new dev.tenor.task.CancellationToken();
        try (StopFile ignored = new StopFile(run, fresh)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!fresh.isCancelled() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(fresh.isCancelled(), "the early request stops the run");
        }
        assertFalse(Files.exists(stop), "the request is cleared when the run ends");
    }
}
