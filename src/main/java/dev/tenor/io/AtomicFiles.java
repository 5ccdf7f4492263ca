package dev.tenor.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files and folders so that a crash, a kill or a full disk never leaves a half-written result:
 * content goes to a temporary sibling first, is flushed to disk, then renamed over the target.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Something that writes a whole file to a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Something that fills a fresh folder. */
    @FunctionalInterface
    public interface FolderWriter {
        void write(Path folder) throws IOException;
    }

    /**
     * Writes {@code target} atomically through {@code writer}. A failure is a {@link WriteException} naming
     * {@code target} (not the temporary file) and leaves {@code target} as it was.
     */
    public static void write(Path target, StreamWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            Files.createDirectories(dir);
            tmp = createSibling(dir, "." + target.getFileName() + ".", ".tmp", false);
        } catch (IOException e) {
            throw WriteException.of(target, e);
        }
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new java.io.BufferedOutputStream(
                         java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            move(tmp, target);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw WriteException.of(target, e);
        } catch (RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * A new file or folder {@code prefix<random>suffix} in {@code dir}, with the permissions the user's umask
     * gives (a temporary file would get 0600 and a temporary folder 0700, and keep them after the rename).
     */
    private static Path createSibling(Path dir, String prefix, String suffix, boolean folder) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(prefix + TEMP_MARK + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
            try {
                return folder ? Files.createDirectory(p) : Files.createFile(p);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                if (attempt > 100) {
                    throw taken;
                }
            }
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    /** In every temporary name, so a killed writer's leftovers are recognised ({@link #cleanStaleTemporaries}). */
    private static final String TEMP_MARK = "tmp-";

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Builds a whole folder atomically: {@code writer} fills a temporary sibling, which then replaces
     * {@code target} (an existing target is moved aside first and deleted only after the swap). A failure is
     * a {@link WriteException} naming {@code target}.
     */
    public static void writeFolder(Path target, FolderWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        Path tmp;
        try {
            Files.createDirectories(parent);
            tmp = createSibling(parent, "." + abs.getFileName() + ".", "", true);
        } catch (IOException e) {
            throw WriteException.of(target, e);
        }
        try {
            writer.write(tmp);
        } catch (IOException e) {
            deleteTree(tmp);
            throw WriteException.of(target, e);
        } catch (RuntimeException | Error e) {
            deleteTree(tmp);
            throw e;
        }
        try {
            Path old = null;
            if (Files.exists(abs)) {
                old = parent.resolve("." + abs.getFileName() + ".old-" + System.nanoTime());
                move(abs, old);
            }
            move(tmp, abs);
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw WriteException.of(target, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or a folder with everything in it; a missing path is fine. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Removes temporary files and folders left by a killed writer in {@code dir}. */
    public static int cleanStaleTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*")) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp") || name.contains(".old-") || Files.isDirectory(p)
                        && (name.matches("\\..+\\." + TEMP_MARK + "[0-9a-z]+") || name.matches("\\..+\\.\\d+"))) {
                    deleteTree(p);
                    removed++;
                }
            }
        }
        return removed;
    }
}
