package dev.tenor;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a test needs from the machine (the shared real data, root for a tmpfs, the PyTorch peer). On a
 * developer's machine a missing need skips the test; under CI ({@code CI=true}, set by {@code .ci/run}) it
 * fails it, so a CI run can never pass by skipping what it was meant to check.
 */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or under CI fails) the test unless {@code met}. */
    public static void need(boolean met, String what) {
        if (met) {
            return;
        }
        if (isCi()) {
            fail("CI=true and this test's need is missing: " + what);
        }
        assumeTrue(false, what);
    }

    /** The shared data file or folder {@code path} must exist. */
    public static Path needData(Path path) {
        need(Files.exists(path), "real data not found: " + path.toAbsolutePath().normalize()
                + " (see ../shared/data/README.md)");
        return path;
    }
}
