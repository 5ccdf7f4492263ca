package dev.tenor.eval.map;

import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs Smile's UMAP in a child JVM, one child per map. Why: Smile's spectral initialisation calls ARPACK
 * without a start vector, and ARPACK then draws one from a seed it keeps, and advances, inside the native
 * library; so in one process the second UMAP of the same points and seed differs from the first, while the
 * first UMAP of every fresh process is the same. A child per map makes the seed decide the map. It also makes
 * UMAP cancellable: the child is killed, nothing native of this process is cut short.
 *
 * <p>The child is this runtime's java with this process's class path, running {@link #main}; points travel in
 * temporary files (rows, dimension, then float32 rows, big-endian).
 */
public final class UmapProcess {

    private UmapProcess() {
    }

    /** UMAP of {@code rows} with {@code seed}, computed in a child JVM; stops with the child on cancellation. */
    static float[][] project(float[][] rows, long seed, CancellationToken cancel) {
        Path dir = null;
        Process child = null;
        try {
            dir = Files.createTempDirectory("tenor-umap-");
            Path in = dir.resolve("in.bin");
            Path out = dir.resolve("out.bin");
            Path log = dir.resolve("child.log");
            write(in, rows);
            ProcessBuilder pb = new ProcessBuilder(command(in, out, seed));
            pb.redirectErrorStream(true);
            pb.redirectOutput(log.toFile());
            child = pb.start();
            while (child.isAlive()) {
                if (cancel.isCancelled()) {
                    child.destroyForcibly().waitFor();
                    throw new CancelledException();
                }
                child.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            if (child.exitValue() != 0) {
                String tail = Files.isRegularFile(log) ? tail(Files.readString(log)) : "";
                throw new IllegalStateException("UMAP failed (exit code " + child.exitValue() + "): " + tail);
            }
            float[][] points = read(out);
            if (points.length != rows.length) {
                throw new IllegalStateException("UMAP returned " + points.length + " points for " + rows.length);
            }
            return points;
        } catch (IOException e) {
            throw new UncheckedIOException("UMAP: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
            deleteQuietly(dir);
        }
    }

    /** The child: {@code <in> <out> <seed>}. A failure ends it with an exception (exit code 1). */
    public static void main(String[] args) throws IOException {
        float[][] rows = read(Path.of(args[0]));
        float[][] points = SmileProjector.umapHere(rows, Long.parseLong(args[2]));
        write(Path.of(args[1]), points);
    }

    private static List<String> command(Path in, Path out, long seed) {
        List<String> cmd = new ArrayList<>();
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        Path java = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        cmd.add(Files.isExecutable(java) ? java.toString()
                : ProcessHandle.current().info().command().orElse(java.toString()));
        cmd.add("-Xmx2g");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(absoluteClassPath(System.getProperty("java.class.path")));
        cmd.add(UmapProcess.class.getName());
        cmd.add(in.toString());
        cmd.add(out.toString());
        cmd.add(Long.toString(seed));
        return cmd;
    }

    private static String absoluteClassPath(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                out.add(entry.endsWith("*") ? entry : Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    static void write(Path file, float[][] rows) throws IOException {
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            int dim = rows.length == 0 ? 0 : rows[0].length;
            o.writeInt(rows.length);
            o.writeInt(dim);
            for (float[] r : rows) {
                for (float x : r) {
                    o.writeFloat(x);
                }
            }
        }
    }

    static float[][] read(Path file) throws IOException {
        try (DataInputStream i = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int n = i.readInt();
            int dim = i.readInt();
            if (n < 0 || dim < 0 || (long) n * dim * 4 + 8 != Files.size(file)) {
                throw new IOException(file + ": not " + n + " rows of " + dim + " floats");
            }
            float[][] rows = new float[n][dim];
            for (float[] r : rows) {
                for (int j = 0; j < dim; j++) {
                    r[j] = i.readFloat();
                }
            }
            return rows;
        }
    }

    private static String tail(String log) {
        String t = log.strip();
        return t.length() > 2000 ? "..." + t.substring(t.length() - 2000) : t;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary folder left behind costs disk, not the map
        }
    }
}
