package dev.tenor.ui.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hyper-parameters of {@code tenor train} as a form: each field's option, default, range and help, the
 * validation of typed text, and the command-line arguments of a valid form. No JavaFX, so it is tested on
 * its own and the view builds its fields from {@link #FIELDS}.
 */
public final class TrainForm {

    /** What a numeric field accepts. */
    public enum Type { INT, LONG, DOUBLE }

    /**
     * One numeric option.
     *
     * @param always passed even at its default (the options issue 5 lists); others only when changed, so a
     *     trainer without them still runs
     */
    public record Field(String key, String label, String option, String defaultValue, Type type, double min,
                        double max, boolean always, boolean advanced, String help) {
    }

    public static final List<Field> FIELDS = List.of(
            new Field("epochs", "Epochs", "--epochs", "4", Type.INT, 1, 1000, true, false,
                    "Passes over the training triplets."),
            new Field("maxSteps", "Max steps", "--max-steps", "0", Type.INT, 0, 10_000_000, true, false,
                    "Stop after this many optimiser steps; 0 = all epochs."),
            new Field("batchSize", "Batch size", "--batch-size", "32", Type.INT, 1, 4096, true, false,
                    "Triplets per optimiser step."),
            new Field("maxSeqLength", "Max seq length", "--max-seq-length", "128", Type.INT, 8, 512, true, false,
                    "Tokens read per sentence while training (the seed scripts used 512; 128 is fast on a CPU)."),
            new Field("lr", "Learning rate", "--lr", "2e-5", Type.DOUBLE, 1e-9, 1, true, false,
                    "Peak learning rate of AdamW."),
            new Field("warmup", "Warm-up share", "--warmup", "0.1", Type.DOUBLE, 0, 1, true, false,
                    "Share of the steps with a linear warm-up; then linear decay."),
            new Field("margin", "Margin", "--margin", "0.5", Type.DOUBLE, 0, 100, true, false,
                    "TripletLoss margin: relu(d(a,p) - d(a,n) + margin)."),
            new Field("seed", "Seed", "--seed", "42", Type.LONG, Long.MIN_VALUE, Long.MAX_VALUE, true, false,
                    "Seeds shuffling and dropout."),
            new Field("checkpointEvery", "Checkpoint every", "--checkpoint-every", "500", Type.INT, 1, 10_000_000, true,
                    false, "Save a checkpoint every N steps (and at each epoch end)."),
            new Field("keep", "Keep checkpoints", "--keep", "3", Type.INT, 1, 1000, true, false,
                    "How many recent checkpoints to keep."),
            new Field("validateEvery", "Validate every", "--validate-every", "0", Type.INT, -1, 10_000_000, true, false,
                    "Intent validation (val_top1) every N steps; 0 = at epoch ends; -1 = never."),
            new Field("weightDecay", "Weight decay", "--weight-decay", "0.01", Type.DOUBLE, 0, 10, false, true,
                    "AdamW weight decay (none on biases and LayerNorm)."),
            new Field("maxGradNorm", "Gradient clip", "--max-grad-norm", "1.0", Type.DOUBLE, 0, 1000, false, true,
                    "Gradient-norm clipping; 0 = off."),
            new Field("dropout", "Dropout", "--dropout", "0.1", Type.DOUBLE, 0, 0.9, false, true,
                    "Dropout while training."));

    public static final List<String> DISTANCES = List.of("euclidean", "cosine", "manhattan");
    public static final List<String> SELECTIONS = List.of("best", "last");

    private TrainForm() {
    }

    /** A field by key. */
    public static Field field(String key) {
        return FIELDS.stream().filter(f -> f.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no field " + key));
    }

    /** Default values by key, numeric fields and choices. */
    public static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        FIELDS.forEach(f -> m.put(f.key(), f.defaultValue()));
        m.put("distance", "euclidean");
        m.put("select", "best");
        m.put("device", "cpu");
        return m;
    }

    /** Why {@code text} is not a valid value of {@code f}, or null when it is. */
    public static String problem(Field f, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return f.label() + " is required (default " + f.defaultValue() + ")";
        }
        double v;
        try {
            v = switch (f.type()) {
                case INT -> Integer.parseInt(t);
                case LONG -> Long.parseLong(t);
                case DOUBLE -> Double.parseDouble(t);
            };
        } catch (NumberFormatException e) {
            return f.label() + ": '" + t + "' is not " + (f.type() == Type.DOUBLE ? "a number" : "a whole number");
        }
        if (f.type() == Type.DOUBLE && !Double.isFinite(v)) {
            return f.label() + ": must be a finite number";
        }
        if (f.type() != Type.LONG && (v < f.min() || v > f.max())) {
            return f.label() + ": must be between " + format(f.min()) + " and " + format(f.max());
        }
        return null;
    }

    /**
     * The problems of a form, by key: numeric fields in {@code values}, plus {@code base} (a model name),
     * {@code triplets} (an existing file or folder), {@code dev} (blank or an existing file), {@code device}.
     */
    public static Map<String, String> problems(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : FIELDS) {
            String p = problem(f, values.get(f.key()));
            if (p != null) {
                out.put(f.key(), p);
            }
        }
        if (blank(values.get("base"))) {
            out.put("base", "choose a base model");
        }
        String triplets = values.get("triplets");
        if (blank(triplets)) {
            out.put("triplets", "choose the training triplets (triplets.jsonl or a dataset folder); build them in "
                    + "the Dataset tab");
        } else if (path(triplets) == null) {
            out.put("triplets", triplets.strip() + ": not a valid path");
        } else {
            Path p = path(triplets);
            Path file = Files.isDirectory(p) ? p.resolve("triplets.jsonl") : p;
            if (!Files.isRegularFile(file)) {
                out.put("triplets", file + ": no such file" + (Files.isDirectory(p)
                        ? " (the folder has no triplets.jsonl)"
                        : ""));
            }
        }
        String dev = values.get("dev");
        if (!blank(dev) && (path(dev) == null || !Files.isRegularFile(path(dev)))) {
            out.put("dev", dev.strip() + ": no such file");
        }
        String run = values.get("out");
        if (!blank(run) && path(run) == null) {
            out.put("out", run.strip() + ": not a valid path");
        }
        if (!blank(values.get("distance")) && !DISTANCES.contains(values.get("distance"))) {
            out.put("distance", "distance must be one of " + DISTANCES);
        }
        if (blank(values.get("device"))) {
            out.put("device", "choose a device");
        }
        return out;
    }

    /** The arguments of {@code tenor train} for a valid form and its run folder. */
    public static List<String> arguments(Map<String, String> values, Path runFolder) {
        Map<String, String> problems = problems(values);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems.values()));
        }
        List<String> args = new ArrayList<>();
        args.add("--base");
        args.add(values.get("base").strip());
        args.add("--triplets");
        args.add(values.get("triplets").strip());
        if (!blank(values.get("dev"))) {
            args.add("--dev");
            args.add(values.get("dev").strip());
        }
        args.add("--out");
        args.add(runFolder.toString());
        for (Field f : FIELDS) {
            String v = values.get(f.key()).strip();
            if (f.always() || !same(f, v, f.defaultValue())) {
                args.add(f.option());
                args.add(v);
            }
        }
        args.add("--distance");
        args.add(values.getOrDefault("distance", "euclidean"));
        args.add("--select");
        args.add(values.getOrDefault("select", "best"));
        args.add("--device");
        args.add(values.get("device"));
        if (Boolean.parseBoolean(values.get("overwrite"))) {
            args.add("--overwrite");
        }
        return args;
    }

    /** The arguments continuing a run from a checkpoint folder (or a run folder: its newest checkpoint). */
    public static List<String> resumeArguments(Path checkpointOrRun, String device) {
        List<String> args = new ArrayList<>(List.of("--resume", checkpointOrRun.toString()));
        if (!blank(device)) {
            args.add("--device");
            args.add(device);
        }
        return args;
    }

    private static boolean same(Field f, String a, String b) {
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return a.equals(b);
        }
    }

    /** The path typed, or null when it cannot be a path. */
    private static Path path(String text) {
        try {
            return Path.of(text.strip());
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%g", v);
    }
}
