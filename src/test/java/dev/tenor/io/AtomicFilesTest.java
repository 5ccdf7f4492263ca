package dev.tenor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the user's umask decides permissions, failures name the target, leftovers are recognised. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    /** What a plain create gives here (0666 or 0777 less the umask): an atomic write must give the same. */
    @Test
    void filesAndFoldersGetTheUmasksPermissionsNotATemporarysPrivateOnes() throws IOException {
        Set<PosixFilePermission> plainFile = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        Set<PosixFilePermission> plainDir = Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("pd")));
        Path file = dir.resolve("report.json");
        AtomicFiles.writeString(file, "{}\n");
        assertEquals(plainFile, Files.getPosixFilePermissions(file));
        Path folder = dir.resolve("model");
        AtomicFiles.writeFolder(folder, tmp -> Files.writeString(tmp.resolve("config.json"), "{}"));
        assertEquals(plainDir, Files.getPosixFilePermissions(folder));
        assertTrue(plainFile.contains(PosixFilePermission.GROUP_READ) || plainFile.contains(PosixFilePermission.OTHERS_READ)
                || !plainDir.contains(PosixFilePermission.GROUP_EXECUTE), "a umask of 077 would make this test moot");
    }

    @Test
    void aFailedWriteNamesTheTargetAndLeavesNothingBehind() throws IOException {
        Path file = dir.resolve("kept.txt");
        AtomicFiles.writeString(file, "old");
        WriteException e = assertThrows(WriteException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals(file + ": cannot write (No space left on device)", e.getMessage());
        assertEquals("No space left on device", e.reason());
        assertEquals("old", Files.readString(file), "the old content stays");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
        Path underAFile = file.resolve("x.json");
        WriteException e2 = assertThrows(WriteException.class, () -> AtomicFiles.writeString(underAFile, "x"));
        assertTrue(e2.getMessage().startsWith(underAFile + ": cannot write ("), e2.getMessage());
        assertFalse(e2.getMessage().contains(".tmp"), e2.getMessage());
    }

    @Test
    void leftoversOfAKilledWriterAreCleanedAndNothingElse() throws IOException {
        Files.createDirectory(dir.resolve(".step-10.tmp-k3j9x"));
        Files.writeString(dir.resolve(".report.json.tmp-abc.tmp"), "half");
        Files.createDirectory(dir.resolve("step-10"));
        Files.createDirectory(dir.resolve(".config"));
        assertEquals(2, AtomicFiles.cleanStaleTemporaries(dir));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(Set.of("step-10", ".config"), s.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()));
        }
    }
}
