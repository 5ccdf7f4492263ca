package dev.tenor.ui.dataset;

import dev.tenor.data.FewRelDownload;
import dev.tenor.data.SwapMode;
import dev.tenor.data.TripletOptions;
import dev.tenor.io.TenorPaths;
import dev.tenor.ui.Background;
import dev.tenor.ui.BackgroundJob;
import dev.tenor.ui.ProgressTask;
import dev.tenor.ui.WorkbenchLog;
import dev.tenor.ui.WorkbenchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/** The Dataset tab's state and actions: the build settings, the running task, the triplets and counts. */
public final class DatasetViewModel {

    private final DatasetService service;
    private final WorkbenchSettings settings;
    private final WorkbenchLog log;
    private final TenorPaths paths;

    private final StringProperty fewrel = new SimpleStringProperty("");
    private final StringProperty names = new SimpleStringProperty("");
    private final StringProperty out = new SimpleStringProperty("");
    private final IntegerProperty seed = new SimpleIntegerProperty((int) TripletOptions.DEFAULT_SEED);
    private final DoubleProperty devShare = new SimpleDoubleProperty(TripletOptions.DEFAULT_DEV_FRACTION);
    private final ObjectProperty<SwapMode> swap = new SimpleObjectProperty<>(SwapMode.SPAN);
    private final IntegerProperty maxPerRelation = new SimpleIntegerProperty(0);
    private final BooleanProperty detokenize = new SimpleBooleanProperty(false);
    private final StringProperty filter = new SimpleStringProperty("");

    private final ObservableList<TripletRow> rows = FXCollections.observableArrayList();
    private final FilteredList<TripletRow> filtered = new FilteredList<>(rows, r -> true);
    private final ObservableList<DatasetResult.RelationCount> relations = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("No dataset yet: choose a FewRel file "
            + "and build, or open a dataset folder.");
    private final BackgroundJob job;
    private final ReadOnlyObjectWrapper<Path> dataset = new ReadOnlyObjectWrapper<>();

    private String autoOut = "";

    public DatasetViewModel(DatasetService service, Background background, WorkbenchSettings settings,
                            WorkbenchLog log, TenorPaths paths) {
        this.service = service;
        this.settings = settings;
        this.log = log;
        this.paths = paths;
        this.job = new BackgroundJob(background, log);
        fewrel.addListener((o, was, now) -> followSource(now));
        Path shared = paths.sharedData().resolve("fewrel/val_wiki.json");
        fewrel.set(settings.get("dataset.fewrel", Files.isRegularFile(shared) ? shared.toString() : ""));
        if (settings.get("dataset.names", null) != null) {
            names.set(settings.get("dataset.names", ""));
        }
        if (settings.get("dataset.out", null) != null) {
            out.set(settings.get("dataset.out", ""));
        }
        seed.set(settings.getInt("dataset.seed", seed.get()));
        devShare.set(settings.getDouble("dataset.dev", devShare.get()));
        swap.set(SwapMode.valueOf(settings.get("dataset.swap", "span").toUpperCase(Locale.ROOT)));
        maxPerRelation.set(settings.getInt("dataset.max", 0));
        detokenize.set(settings.getBoolean("dataset.detokenize", false));
        filter.addListener((o, was, now) -> filtered.setPredicate(r -> r.matches(now)));
    }

    /** A new FewRel file brings its pid2name.json and a matching output folder, unless the user chose others. */
    private void followSource(String source) {
        if (source == null || source.isBlank()) {
            return;
        }
        Path file;
        try {
            file = Path.of(source.strip());
        } catch (java.nio.file.InvalidPathException e) {
            return; // half-typed; the build will say what is wrong
        }
        if (file.getFileName() == null || file.getParent() == null) {
            return;
        }
        Path sibling = file.resolveSibling("pid2name.json");
        if (names.get().isBlank() && Files.isRegularFile(sibling)) {
            names.set(sibling.toString());
        }
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
        String auto = paths.data().resolve("datasets").resolve(stem).toString();
        if (out.get().isBlank() || out.get().equals(autoOut)) {
            out.set(auto);
        }
        autoOut = auto;
    }

    public StringProperty fewrelProperty() {
        return fewrel;
    }

    public StringProperty namesProperty() {
        return names;
    }

    public StringProperty outProperty() {
        return out;
    }

    public IntegerProperty seedProperty() {
        return seed;
    }

    public DoubleProperty devShareProperty() {
        return devShare;
    }

    public ObjectProperty<SwapMode> swapProperty() {
        return swap;
    }

    public IntegerProperty maxPerRelationProperty() {
        return maxPerRelation;
    }

    public BooleanProperty detokenizeProperty() {
        return detokenize;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    /** The triplets shown, after the search filter. */
    public ObservableList<TripletRow> rows() {
        return filtered;
    }

    /** All triplets of the dataset. */
    public ObservableList<TripletRow> allRows() {
        return rows;
    }

    public ObservableList<DatasetResult.RelationCount> relations() {
        return relations;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The build, open or download running (one at a time), and the last error. */
    public BackgroundJob job() {
        return job;
    }

    /** The folder of the dataset shown (built or opened), or null. */
    public ReadOnlyObjectProperty<Path> datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    /** Builds the dataset from the form; null when a build or another job is running. */
    public ProgressTask<DatasetResult> build() {
        if (job.isRunning()) {
            return null;
        }
        TripletOptions options;
        Path source;
        Path namesFile;
        Path outFolder;
        try {
            options = new TripletOptions(seed.get(), devShare.get(), swap.get(), maxPerRelation.get(),
                    detokenize.get());
            source = pathOf(fewrel.get());
            namesFile = pathOf(names.get());
            outFolder = pathOf(out.get());
        } catch (IllegalArgumentException e) { // also a path that cannot be one
            job.reject(e.getMessage());
            return null;
        }
        remember();
        log.info("building triplets from " + source + " into " + outFolder + " (seed " + options.seed() + ", "
                + options.swap() + " swap, dev " + options.devFraction() + ")");
        return start(ProgressTask.of((p, token) -> service.build(source, namesFile, outFolder, options, p, token)),
                "build");
    }

    /** Opens an existing dataset folder. */
    public ProgressTask<DatasetResult> open(Path folder) {
        if (job.isRunning()) {
            return null;
        }
        return start(ProgressTask.of((p, token) -> service.open(folder, p, token)), "open");
    }

    /** Downloads a FewRel file into {@code data/fewrel/} and selects it. */
    public ProgressTask<Path> download(FewRelDownload.Upstream file) {
        if (job.isRunning()) {
            return null;
        }
        Path folder = paths.data().resolve("fewrel");
        ProgressTask<Path> t = ProgressTask.of((p, token) -> {
            Path got = FewRelDownload.fromSystemProperties().download(file, folder, p, token);
            if (file != FewRelDownload.Upstream.PID2NAME) {
                FewRelDownload.fromSystemProperties().fetch(FewRelDownload.Upstream.PID2NAME, folder, p, token);
            }
            return got;
        });
        return job.start(t, "download", got -> {
            fewrel.set(got.toString());
            log.info("downloaded " + got);
        });
    }

    public void cancel() {
        job.cancel();
    }

    private ProgressTask<DatasetResult> start(ProgressTask<DatasetResult> t, String what) {
        return job.start(t, what, this::show,
                () -> log.info(what + " cancelled; the output folder was left as it was"));
    }

    private void show(DatasetResult result) {
        rows.setAll(result.rows());
        relations.setAll(result.relations());
        summary.set(result.summary() + (result.highlighted() ? "" : " (entities not highlighted: the FewRel file "
                + "it was built from is not at hand)"));
        dataset.set(result.folder());
        settings.put("dataset.last", result.folder().toString());
        log.info("dataset " + result.folder() + ": " + result.summary());
    }

    private void remember() {
        settings.put("dataset.fewrel", fewrel.get());
        settings.put("dataset.names", names.get());
        settings.put("dataset.out", out.get());
        settings.put("dataset.seed", seed.get());
        settings.put("dataset.dev", devShare.get());
        settings.put("dataset.swap", swap.get().toString());
        settings.put("dataset.max", maxPerRelation.get());
        settings.put("dataset.detokenize", detokenize.get());
    }

    private static Path pathOf(String text) {
        return text == null || text.isBlank() ? null : Path.of(text.strip());
    }
}
