package dev.tenor.train;

import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.model.FloatTensor;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run's {@code checkpoints/step-N/} folders: each a complete model folder plus {@code trainer_state.json}
 * and {@code optimizer.safetensors}, written atomically, the oldest pruned beyond {@code keep}.
 */
public final class Checkpoints {

    public static final String STATE = "trainer_state.json";
    public static final String OPTIMIZER = "optimizer.safetensors";

    private final Path dir;

    public Checkpoints(Path runFolder) {
        this.dir = runFolder.resolve("checkpoints");
    }

    public Path dir() {
        return dir;
    }

    public Path folder(int step) {
        return dir.resolve("step-" + step);
    }

    /** Writes a checkpoint atomically: a crash or a full disk leaves the earlier ones intact. */
    public Path save(int step, ModelFolder.Contents model, Map<String, FloatTensor> optimizer, TrainerState state)
            throws IOException {
        Path target = folder(step);
        AtomicFiles.writeFolder(target, tmp -> {
            Path run = dir.toAbsolutePath().getParent();
            ModelFolder.writeInto(tmp, model, (run == null || run.getFileName() == null ? "run" : run.getFileName())
                    + " step " + step);
            SafeTensors.write(tmp.resolve(OPTIMIZER), optimizer, Map.of("step", Integer.toString(step)));
            Json.write(tmp.resolve(STATE), state);
        });
        return target;
    }

    /** Checkpoint steps present, ascending. */
    public List<Integer> steps() throws IOException {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("step-\\d+"))
                    .map(n -> Integer.parseInt(n.substring(5))).sorted().forEach(out::add);
        }
        return out;
    }

    /** Deletes all but the newest {@code keep} checkpoints, never {@code protectedStep}. */
    public void prune(int keep, int protectedStep) throws IOException {
        List<Integer> steps = steps();
        steps.sort(Comparator.reverseOrder());
        for (int i = keep; i < steps.size(); i++) {
            if (steps.get(i) != protectedStep) {
                AtomicFiles.deleteTree(folder(steps.get(i)));
            }
        }
        AtomicFiles.cleanStaleTemporaries(dir);
    }

    public static TrainerState readState(Path checkpoint) {
        return Json.read(checkpoint.resolve(STATE), TrainerState.class);
    }

    /**
     * The checkpoint to resume from: {@code path} itself when it is a checkpoint, or the newest checkpoint
     * of a run folder.
     */
    public static Path resolveResume(Path path) throws IOException {
        if (Files.isRegularFile(path.resolve(STATE))) {
            return path;
        }
        Checkpoints c = new Checkpoints(path);
        List<Integer> steps = c.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Path candidate = c.folder(steps.get(i));
            if (Files.isRegularFile(candidate.resolve(STATE)) && Files.isRegularFile(candidate.resolve(OPTIMIZER))) {
                return candidate;
            }
        }
        throw BadInputException.of(path, "no checkpoint to resume from (expected trainer_state.json here, or "
                + "checkpoints/step-N/ inside a run folder)");
    }

    /**
     * True for a run folder that was started but holds no trained step: {@code args.json}, no checkpoint and
     * no final model (stopped or killed before its first checkpoint). Such a folder restarts in place.
     */
    public static boolean neverTrained(Path runFolder) throws IOException {
        return Files.isRegularFile(runFolder.resolve(RunFiles.ARGS))
                && !Files.exists(runFolder.resolve(STATE))
                && new Checkpoints(runFolder).steps().isEmpty()
                && !Files.exists(runFolder.resolve(RunFiles.MODEL));
    }

    /** The run folder a checkpoint belongs to. */
    public static Path runOf(Path checkpoint) {
        return checkpoint.toAbsolutePath().getParent().getParent();
    }
}
