package dev.tenor.cli;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.eval.IntentEvaluation;
import dev.tenor.eval.map.EmbeddingMap;
import dev.tenor.eval.map.EmbeddingMaps;
import dev.tenor.eval.map.MapExport;
import dev.tenor.eval.map.MapImage;
import dev.tenor.eval.map.MapMethod;
import dev.tenor.eval.map.MapOptions;
import dev.tenor.eval.map.MapSplit;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tenor map}: a 2-D map of a split's embeddings, one panel per model, as PNG and CSV. */
@Command(name = "map", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Embedding map: a seeded 2-D projection (PCA or UMAP) of a dataset's test (or training) "
                + "sentence embeddings, points coloured by intent, one panel per model side by side.", "",
                "Writes map.png, points-N.csv per model (sentence, label, x, y, nearest training sentence) and "
                        + "map.json into --out. Embeddings and maps are cached in TENOR_HOME/data/cache, so the "
                        + "same model, data, method and seed are mapped once."})
public final class MapCommand implements Callable<Integer> {

    private final Interrupts interrupts;

    public MapCommand(Interrupts interrupts) {
        this.interrupts = interrupts;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "A built-in model, a model in the store (runs/NAME, owner/name) or a model folder; repeat "
                    + "to map models side by side (e.g. base and trained). Default: all-MiniLM-L6-v2.")
    List<String> models = new ArrayList<>();

    @Option(names = {"-d", "--dataset"}, paramLabel = "DIR", required = true,
            description = "An intent dataset folder (train and test as .jsonl, .csv or .tsv).")
    Path dataset;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder the files are written to.")
    Path out;

    @Option(names = "--method", paramLabel = "M", defaultValue = "umap",
            description = "pca or umap. Default: ${DEFAULT-VALUE}.")
    MapMethod method;

    @Option(names = "--split", paramLabel = "S", defaultValue = "test",
            description = "test or train: which sentences are mapped. Default: ${DEFAULT-VALUE}.")
    MapSplit split;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + MapOptions.DEFAULT_SEED,
            description = "Seed of the projection; the same seed gives the same map. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "" + MapImage.PANEL_WIDTH,
            description = "Width of one model's panel in the PNG. Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "" + MapImage.PANEL_HEIGHT,
            description = "Height of one model's panel in the PNG. Default: ${DEFAULT-VALUE}.")
    int height;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + SentenceEncoder.DEFAULT_BATCH_SIZE,
            description = "Sentences per encoder batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--no-cache", description = "Neither read nor write the embedding and map caches.")
    boolean noCache;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        MapOptions options = options();
        CancellationToken cancel = interrupts.token();
        try (ProgressBar bar = new ProgressBar()) {
            IntentDataset data = IntentDatasetReader.read(dataset);
            ModelStore store = ModelStore.current();
            List<IntentEvaluation.Model> chosen = new ArrayList<>();
            for (String m : models.isEmpty() ? List.of(BuiltinModel.DEFAULT.modelName()) : models) {
                chosen.add(IntentEvaluation.Model.resolve(store, m, bar));
            }
            EmbeddingMaps maps = EmbeddingMaps.withDefaultCache();
            List<EmbeddingMap> done = new ArrayList<>();
            for (IntentEvaluation.Model m : chosen) {
                done.add(maps.compute(data, m, options, bar, cancel));
            }
            List<Path> files = MapExport.write(data, done, out, width, height);
            bar.close();
            for (EmbeddingMap m : done) {
                stdout.println(String.format(Locale.ROOT, "%s: %,d points, %s", m.model(), m.size(),
                        m.projectSeconds() > 0 ? String.format(Locale.ROOT, "%s in %.1f s", m.options().method(),
                                m.projectSeconds()) : "map read from the cache"));
            }
            stdout.println("wrote " + String.join(", ", files.stream().map(Path::toString).toList()));
            stdout.flush();
            return 0;
        }
    }

    /** The options, checked before any work; a bad value is a usage error (exit code 2). */
    private MapOptions options() {
        if (width < 100 || height < 100 || width > 8000 || height > 8000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--width and --height must be between 100 and 8000 pixels");
        }
        try {
            return new MapOptions(method, split, seed, MapOptions.DEFAULT_NEIGHBOURS, batchSize, !noCache);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
