package dev.tenor.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A stand-in for {@code tenor train} in tests of the process handling and the workbench's Train tab: a real
 * child process that writes a real run folder ({@code args.json}, {@code metrics.jsonl} with the trainer's
 * field names, {@code checkpoints/step-N/}, {@code model/}) at a controllable pace, honours the STOP file and
 * can crash. It takes {@code tenor train}'s arguments (reading {@code --out}, {@code --max-steps},
 * {@code --resume}, {@code --overwrite}, ignoring the rest; {@code model/} links to the base model in the Tenor
 * home when it is there) and these system properties: {@code fake.stepMillis}
 * (default 60), {@code fake.crashAt} (a step; 0 = never), {@code fake.steps} (used when --max-steps is 0).
 */
public final class FakeTrainer {

    private FakeTrainer() {
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        Path resume = null;
        int maxSteps = 0;
        boolean overwrite = false;
        String base = "all-MiniLM-L6-v2";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--resume" -> resume = Path.of(args[++i]);
                case "--max-steps" -> maxSteps = Integer.parseInt(args[++i]);
                case "--base" -> base = args[++i];
                case "--overwrite" -> overwrite = true;
                default -> { }
            }
        }
        long stepMillis = Long.getLong("fake.stepMillis", 60);
        int crashAt = Integer.getInteger("fake.crashAt", 0);
        int steps = maxSteps > 0 ? maxSteps : Integer.getInteger("fake.steps", 40);
        int first = 1;
        if (resume != null) {
            out = resume;
            first = (int) RunFolders.stepOf(RunFolders.checkpoints(resume).get(RunFolders.checkpoints(resume).size() - 1)) + 1;
        } else {
            if (out == null) {
                System.err.println("tenor: --out is required");
                System.exit(2);
            }
            if (Files.isDirectory(out) && Files.list(out).findAny().isPresent() && !overwrite) {
                System.err.println("tenor: " + out + ": the run folder exists; use --overwrite to replace it");
                System.exit(1);
            }
            Files.createDirectories(out);
            Files.writeString(out.resolve("args.json"), "{\n  \"base\": \"" + base + "\",\n  \"out\": \""
                    + out.toString().replace("\\", "\\\\") + "\"\n}\n");
        }
        System.out.println("fake trainer: starting at step " + first + " of " + steps);
        Path metrics = out.resolve("metrics.jsonl");
        Path stop = out.resolve("STOP");
        Files.deleteIfExists(stop);
        try (Writer w = Files.newBufferedWriter(metrics, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            emit(w, resume == null ? "{\"event\":\"start\",\"step\":0}" : "{\"event\":\"resumed\",\"step\":"
                    + (first - 1) + "}");
            emit(w, "{\"step\":" + (first - 1) + ",\"dev_accuracy\":0.61}");
            for (int step = first; step <= steps; step++) {
                if (crashAt > 0 && step == crashAt) {
                    System.err.println("Exception in thread \"main\" java.lang.IllegalStateException: fake crash at step "
                            + step);
                    System.err.println("\tat dev.tenor.train.FakeTrainer.main(FakeTrainer.java)");
                    System.exit(3);
                }
                double loss = 0.5 / (1 + 0.05 * step) + 0.03 * Math.sin(step);
                double lr = 2e-5 * Math.min(1, step / 4.0);
                String line = String.format(Locale.ROOT,
                        "{\"step\":%d,\"epoch\":%.4f,\"loss\":%.5f,\"lr\":%.3e,\"triplets_per_s\":%.1f,\"eta_s\":%.1f}",
                        step, step / (double) steps, loss, lr, 12.5, (steps - step) * stepMillis / 1000.0);
                if (step % 2 == 0) {
                    // Half a line first: the follower must wait for the rest.
                    w.write(line.substring(0, line.length() / 2));
                    w.flush();
                    Thread.sleep(stepMillis / 2);
                    emit(w, line.substring(line.length() / 2));
                } else {
                    emit(w, line);
                }
                System.out.println(line);
                if (step % 5 == 0) {
                    emit(w, String.format(Locale.ROOT, "{\"step\":%d,\"dev_accuracy\":%.3f}", step, 0.61 + step * 0.005));
                }
                Thread.sleep(stepMillis);
                if (Files.exists(stop)) {
                    Path cp = out.resolve("checkpoints/step-" + step);
                    Files.createDirectories(cp);
                    Files.writeString(cp.resolve("trainer_state.json"), "{\"step\":" + step + "}\n");
                    emit(w, "{\"event\":\"checkpoint\",\"step\":" + step + ",\"path\":\"" + cp + "\"}");
                    emit(w, "{\"event\":\"stopped\",\"step\":" + step + "}");
                    Files.deleteIfExists(stop);
                    System.err.println("stopped at step " + step + "; continue with --resume " + out);
                    return;
                }
            }
            Path model = out.resolve("model");
            String home = System.getProperty("tenor.home");
            Path baseFolder = home == null ? null : Path.of(home, "models", base);
            if (baseFolder != null && Files.isRegularFile(baseFolder.resolve("model.safetensors"))) {
                // "Trained" weights: the base model's, linked so the workbench can load the result.
                Files.createSymbolicLink(model, baseFolder.toAbsolutePath());
            } else {
                Files.createDirectories(model);
                Files.writeString(model.resolve("config.json"), "{}\n");
            }
            emit(w, "{\"event\":\"done\",\"step\":" + steps + ",\"model\":\"" + model + "\"}");
            System.err.println("done: " + steps + " steps; model in " + model);
        }
    }

    private static void emit(Writer w, String text) throws IOException {
        w.write(text);
        w.write('\n');
        w.flush();
    }
}
