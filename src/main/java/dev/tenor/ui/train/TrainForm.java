package dev.tenor.ui.train;

import dev.tenor.train.TrainConfig;
import dev.tenor.train.TrainOptions;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Train tab's form as text values keyed by {@link TrainConfig} component name: the defaults, the
 * problems of typed text, and the {@code tenor train} arguments of a valid form, all derived from
 * {@link TrainOptions}. No JavaFX, so it is tested on its own; the view builds one control per option.
 */
public final class TrainForm {

    /** Separates the entries of a repeatable option (validation sets) in one text field. */
    public static final String LIST_SEPARATOR = ";";

    /** Form values that are not training options: replace an existing run folder. */
    public static final String OVERWRITE = "overwrite";

    private TrainForm() {
    }

    /** Default text by option name ("" where the option has none). */
    public static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        TrainOptions.ALL.forEach(s -> m.put(s.name(), s.defaultValue()));
        return m;
    }

    /** Why {@code text} is not a valid value of {@code s}, or null when it is. */
    public static String problem(TrainOptions.Spec s, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return s.hasDefault() ? s.label() + " is required (default " + s.defaultValue() + ")" : null;
        }
        for (String item : s.repeatable() ? items(t) : List.of(t)) {
            String p = TrainOptions.problem(s, item);
            if (p != null) {
                return s.label() + ": " + p;
            }
        }
        return null;
    }

    /** The problems of a form by option name: each value's, plus files that must exist and do not. */
    public static Map<String, String> problems(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (TrainOptions.Spec s : TrainOptions.ALL) {
            String p = problem(s, values.get(s.name()));
            if (p != null) {
                out.put(s.name(), p);
            }
        }
        if (blank(values.get("base"))) {
            out.put("base", "choose a base model");
        }
        String triplets = values.get("triplets");
        if (blank(triplets)) {
            out.put("triplets", "choose the training triplets (triplets.jsonl or a dataset folder); build them in "
                    + "the Dataset tab");
        } else if (path(triplets) != null) {
            Path p = path(triplets);
            Path file = TrainConfig.tripletFile(p);
            if (!Files.isRegularFile(file)) {
                out.put("triplets", file + ": no such file" + (Files.isDirectory(p)
                        ? " (the folder has no triplets.jsonl)" : ""));
            }
        }
        String dev = values.get("dev");
        if (!blank(dev) && path(dev) != null && !Files.isRegularFile(path(dev))) {
            out.put("dev", dev.strip() + ": no such file");
        }
        String sets = values.get("valDatasets");
        if (!blank(sets) && !out.containsKey("valDatasets")) {
            for (String set : items(sets)) {
                if (!Files.isDirectory(path(set))) {
                    out.put("valDatasets", set + ": no such folder");
                }
            }
        }
        if (blank(values.get("device"))) {
            out.put("device", "choose a device");
        }
        return out;
    }

    /** The configuration of a valid form with its run folder (a dataset folder resolved to its triplets). */
    public static TrainConfig config(Map<String, String> values, Path runFolder) {
        Map<String, String> problems = problems(values);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems.values()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (TrainOptions.Spec s : TrainOptions.ALL) {
            String v = values.getOrDefault(s.name(), "");
            m.put(s.name(), s.repeatable() ? items(v) : v);
        }
        Path triplets = TrainConfig.tripletFile(path(values.get("triplets")));
        m.put("triplets", triplets);
        if (blank(values.get("dev"))) {
            m.put("dev", TrainConfig.devBeside(triplets));
        }
        m.put("out", runFolder);
        return TrainOptions.build(m);
    }

    /** The arguments of {@code tenor train} for a valid form and its run folder: every option, written out. */
    public static List<String> arguments(Map<String, String> values, Path runFolder) {
        List<String> args = new ArrayList<>(TrainOptions.arguments(config(values, runFolder)));
        if (Boolean.parseBoolean(values.get(OVERWRITE))) {
            args.add("--overwrite");
        }
        return args;
    }

    /**
     * The arguments of {@code tenor train --remote HOST} for a valid form: the run folder there is named as the
     * local {@code mirror}, which follows it (metrics, then the model).
     */
    public static List<String> remoteArguments(Map<String, String> values, Path mirror, String host) {
        List<String> args = new ArrayList<>(arguments(values, mirror));
        int out = args.indexOf("--out");
        if (out >= 0) {
            args.set(out + 1, mirror.getFileName().toString());
        }
        args.addAll(List.of("--remote", host, "--mirror", mirror.toString()));
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

    /** The entries of a repeatable option's text. */
    public static List<String> items(String text) {
        return Arrays.stream(text.split(LIST_SEPARATOR)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The path typed, or null when it cannot be a path. */
    private static Path path(String text) {
        try {
            return Path.of(text.strip());
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
