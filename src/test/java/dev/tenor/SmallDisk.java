package dev.tenor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small real file system (tmpfs, mounted as root) for the full-disk tests: writes past its size fail with the
 * operating system's own "No space left on device". Without root the test is skipped, or fails under CI
 * ({@link TestEnvironment#need}). Closing unmounts it.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (mount's syntax: 1m, 20m, 400m) on {@code dir}, created if missing. */
    public static SmallDisk mount(Path dir, String size, String forWhat) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        TestEnvironment.need(mounted, "cannot mount a tmpfs here (needs root) for " + forWhat);
        return new SmallDisk(dir);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        try {
            new ProcessBuilder("umount", dir.toString()).start().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // unmounted or not, the test ends here
        }
    }
}
