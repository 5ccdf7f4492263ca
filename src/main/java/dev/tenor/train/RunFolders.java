package dev.tenor.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.Json;
import dev.tenor.io.TenorPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The training runs under {@code models/runs/}: what each holds and how it ended, read from its files. */
public final class RunFolders {

    /** How a run ended, from the last lifecycle event of its {@code metrics.jsonl}. */
    public enum Status {
        /** No lifecycle event yet (just started, or not a trainer's folder). */
        NEW,
        /** Started but not ended: still running, or killed without a word. */
        INCOMPLETE,
        /** Stopped on request after saving a checkpoint; can be resumed. */
        STOPPED,
        /** Finished; the model is in {@code model/}. */
        DONE,
        /** Ended with an error event. */
        FAILED
    }

    /**
     * One run folder.
     *
     * @param base the base model from {@code args.json}, {@code ""} when unknown
     * @param lastStep the highest step in the metrics, 0 when none
     * @param checkpoints {@code checkpoints/step-N} folders, oldest step first
     * @param model the {@code model/} folder when it holds a model, else null
     * @param modified when {@code metrics.jsonl} (or the folder) last changed
     * @param message the error message of a failed run, else {@code ""}
     */
    public record Run(String name, Path dir, Status status, String base, int lastStep, List<Path> checkpoints,
                      Path model, Instant modified, String message) {

        public Run {
            checkpoints = List.copyOf(checkpoints);
        }

        /** The newest checkpoint, or null. */
        public Path latestCheckpoint() {
            return checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        }

        /** Whether {@code --resume} can continue it: not finished, and a checkpoint to start from. */
        public boolean resumable() {
            return status != Status.DONE && !checkpoints.isEmpty();
        }
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path root;

    public RunFolders(Path root) {
        this.root = root;
    }

    public static RunFolders current() {
        return new RunFolders(TenorPaths.current().runs());
    }

    public Path root() {
        return root;
    }

    /** All runs, the most recently changed first. */
    public List<Run> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Run> runs = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path dir : s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList()) {
                runs.add(describe(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runs.sort(Comparator.comparing(Run::modified).reversed().thenComparing(Run::name));
        return runs;
    }

    /** A fresh run folder path (not created): {@code <yyyyMMdd-HHmmss>-<base name>}, numbered if taken. */
    public Path newRunFolder(String base, LocalDateTime now) {
        String stem = now.format(STAMP) + "-" + Path.of(base).getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "_");
        Path dir = root.resolve(stem);
        for (int i = 2; Files.exists(dir) || Files.exists(RunFiles.pendingLog(dir)); i++) {
            dir = root.resolve(stem + "-" + i);
        }
        return dir;
    }

    /** Reads one run folder; missing or malformed files make a run with less detail, never an error. */
    public static Run describe(Path dir) {
        Path metrics = dir.resolve(RunFiles.METRICS);
        Status status = Status.NEW;
        int lastStep = 0;
        String message = "";
        if (Files.isRegularFile(metrics)) {
            try (Stream<String> lines = Files.lines(metrics)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    TrainingEvent e = MetricsLog.parse(line);
                    if (e == null) {
                        continue;
                    }
                    if (e.has("step") && !Double.isNaN(e.number("step"))) {
                        lastStep = Math.max(lastStep, (int) e.number("step"));
                    }
                    Object event = e.get("event");
                    if (event != null) {
                        switch (event.toString()) {
                            case "done" -> status = Status.DONE;
                            case "stopped" -> status = Status.STOPPED;
                            case "error" -> {
                                status = Status.FAILED;
                                message = String.valueOf(e.get("message"));
                            }
                            default -> status = Status.INCOMPLETE;
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                message = "cannot read " + metrics + ": " + e.getMessage();
            }
        }
        String base = "";
        Path args = dir.resolve(RunFiles.ARGS);
        if (Files.isRegularFile(args)) {
            try {
                JsonNode n = Json.read(args);
                base = n.path("base").asText("");
            } catch (RuntimeException e) {
                // an unreadable args.json: the run is still listed
            }
        }
        Path model = dir.resolve("model");
        return new Run(dir.getFileName().toString(), dir, status, base, lastStep, checkpoints(dir),
                Files.isRegularFile(model.resolve("config.json")) ? model : null, modified(dir, metrics), message);
    }

    /** The {@code checkpoints/step-N} folders of a run, by step. */
    public static List<Path> checkpoints(Path runDir) {
        Path dir = runDir.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().matches("step-\\d+"))
                    .sorted(Comparator.comparingLong(RunFolders::stepOf)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** N of a {@code step-N} folder. */
    public static long stepOf(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("step-".length()));
    }

    private static Instant modified(Path dir, Path metrics) {
        try {
            return Files.getLastModifiedTime(Files.exists(metrics) ? metrics : dir).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
