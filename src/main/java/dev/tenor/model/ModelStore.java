package dev.tenor.model;

import dev.tenor.io.BadInputException;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.onnx.OnnxBertReader;
import dev.tenor.model.onnx.OnnxBertWeights;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The models Tenor knows: built-in ones (imported on first use into {@code models/<name>/}), models
 * pulled from the Hub ({@code models/hub/}), trained runs ({@code models/runs/<run>/model}) and any
 * other model folder under {@code models/}.
 */
public final class ModelStore {

    /** Where a model came from. */
    public enum Kind { BUILTIN, HUB, RUN, LOCAL }

    /** A model the store lists; {@code present} is false for a built-in model not imported yet. */
    public record Entry(String name, Path dir, Kind kind, boolean present) {
    }

    private final TenorPaths paths;

    public ModelStore(TenorPaths paths) {
        this.paths = paths;
    }

    public static ModelStore current() {
        return new ModelStore(TenorPaths.current());
    }

    public Path root() {
        return paths.models();
    }

    /** Folder a built-in model is imported into. */
    public Path builtinFolder(BuiltinModel model) {
        return paths.models().resolve(model.modelName());
    }

    /** All models: built-in first (default first), then Hub, runs and other folders, by name. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        for (BuiltinModel m : BuiltinModel.values()) {
            Path dir = builtinFolder(m);
            out.add(new Entry(m.modelName(), dir, Kind.BUILTIN, ModelFolder.looksLikeModel(dir)));
        }
        for (Path dir : children(paths.models().resolve("hub"))) {
            if (ModelFolder.looksLikeModel(dir)) {
                out.add(new Entry(dir.getFileName().toString().replace("--", "/"), dir, Kind.HUB, true));
            }
        }
        for (Path run : children(paths.runs())) {
            Path model = run.resolve("model");
            if (ModelFolder.looksLikeModel(model)) {
                out.add(new Entry("runs/" + run.getFileName(), model, Kind.RUN, true));
            }
        }
        for (Path dir : children(paths.models())) {
            String name = dir.getFileName().toString();
            if (BuiltinModel.find(name).isEmpty() && ModelFolder.looksLikeModel(dir)) {
                out.add(new Entry(name, dir, Kind.LOCAL, true));
            }
        }
        return out;
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The model folder for a built-in name, a store name ({@code runs/x}, {@code owner/name} from the Hub)
     * or a folder path. Built-in models are imported on first use.
     */
    public ModelFolder resolve(String nameOrPath, ProgressListener progress) {
        var builtin = BuiltinModel.find(nameOrPath);
        if (builtin.isPresent()) {
            Path dir = builtinFolder(builtin.get());
            return ModelFolder.looksLikeModel(dir) ? ModelFolder.open(dir) : importBuiltin(builtin.get(), progress);
        }
        Path asPath = Path.of(nameOrPath);
        if (Files.exists(asPath)) {
            return ModelFolder.open(asPath);
        }
        for (Entry e : list()) {
            if (e.name().equals(nameOrPath) && e.present()) {
                return ModelFolder.open(e.dir());
            }
        }
        throw new BadInputException("model '" + nameOrPath + "' not found: not a built-in model ("
                + String.join(", ", BuiltinModel.names()) + "), not a model in " + paths.models()
                + ", and no folder at that path");
    }

    /** Imports a built-in model from its ONNX file into {@code models/<name>/}, replacing any old copy. */
    public ModelFolder importBuiltin(BuiltinModel model, ProgressListener progress) {
        progress.progress(0, -1, "importing " + model.modelName());
        OnnxBertWeights read = OnnxBertReader.read(model, progress);
        byte[] tokenizer;
        try (InputStream in = model.openTokenizer()) {
            tokenizer = in.readAllBytes();
        } catch (IOException e) {
            throw new BadInputException("built-in model " + model.modelName() + ": cannot read its tokenizer: "
                    + e.getMessage(), e);
        }
        SentenceSettings settings = new SentenceSettings(model.maxSeqLength(), model.pooling(), model.normalize(),
                model.queryPrefix());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("source", "built-in");
        provenance.put("origin", model.originRepo());
        provenance.put("imported_from", model.onnxResource());
        provenance.put("imported_at", Instant.now().toString());
        try {
            progress.progress(0, -1, "writing " + builtinFolder(model));
            ModelFolder folder = ModelFolder.write(builtinFolder(model), new ModelFolder.Contents(read.config(),
                    settings, read.weights(), tokenizer, null, provenance));
            progress.progress(1, 1, "imported " + model.modelName());
            return folder;
        } catch (IOException e) {
            throw new BadInputException(builtinFolder(model) + ": cannot write the model folder (" + e.getMessage()
                    + ")", e);
        }
    }
}
