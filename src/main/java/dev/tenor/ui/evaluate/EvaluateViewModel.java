package dev.tenor.ui.evaluate;

import dev.tenor.eval.AnnoySearch;
import dev.tenor.eval.EvaluationOptions;
import dev.tenor.eval.EvaluationReport;
import dev.tenor.eval.EvaluationReports;
import dev.tenor.eval.EvaluationResult;
import dev.tenor.eval.IndexKind;
import dev.tenor.eval.Sample;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.ui.Background;
import dev.tenor.ui.BackgroundJob;
import dev.tenor.ui.BackgroundSave;
import dev.tenor.ui.ProgressTask;
import dev.tenor.ui.WorkbenchLog;
import dev.tenor.ui.WorkbenchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The Evaluate tab's state and actions: the request being composed, the running task, the last report. */
public final class EvaluateViewModel {

    private final EvaluationService service;
    private final Background background;
    private final WorkbenchSettings settings;
    private final WorkbenchLog log;
    private final TenorPaths paths;

    private final ObservableList<String> chosenModels = FXCollections.observableArrayList();
    private final StringProperty dataset = new SimpleStringProperty("");
    private final BooleanProperty exact = new SimpleBooleanProperty(true);
    private final BooleanProperty annoy = new SimpleBooleanProperty(false);
    private final BooleanProperty useCache = new SimpleBooleanProperty(true);
    private final IntegerProperty trees = new SimpleIntegerProperty(20);
    private final IntegerProperty searchK = new SimpleIntegerProperty(-1);
    private final IntegerProperty indexLimit = new SimpleIntegerProperty(0);
    private final IntegerProperty queryLimit = new SimpleIntegerProperty(0);
    private final ReadOnlyObjectWrapper<EvaluationReport> report = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<String> detailModel = new SimpleObjectProperty<>();
    private final BackgroundJob job;

    public EvaluateViewModel(EvaluationService service, Background background, WorkbenchSettings settings,
                             WorkbenchLog log, TenorPaths paths) {
        this.service = service;
        this.background = background;
        this.settings = settings;
        this.log = log;
        this.paths = paths;
        this.job = new BackgroundJob(background, log);
        Path mtop = paths.sharedData().resolve("mtop_intent/en");
        dataset.set(settings.get("evaluate.dataset", Files.isDirectory(mtop) ? mtop.toString() : ""));
        List<String> models = settings.getList("evaluate.models");
        chosenModels.setAll(models.isEmpty() ? List.of(BuiltinModel.DEFAULT.modelName()) : models);
        exact.set(settings.getBoolean("evaluate.exact", true));
        annoy.set(settings.getBoolean("evaluate.annoy", false));
        useCache.set(settings.getBoolean("evaluate.cache", true));
        trees.set(settings.getInt("evaluate.trees", 20));
        searchK.set(settings.getInt("evaluate.searchK", -1));
        indexLimit.set(settings.getInt("evaluate.indexLimit", 0));
        queryLimit.set(settings.getInt("evaluate.queryLimit", 0));
    }

    /** The Tenor home the tab works in (its model store and caches). */
    public TenorPaths paths() {
        return paths;
    }

    public Background background() {
        return background;
    }

    public WorkbenchLog log() {
        return log;
    }

    /** The models ticked for the next run. */
    public ObservableList<String> chosenModels() {
        return chosenModels;
    }

    public StringProperty datasetProperty() {
        return dataset;
    }

    public BooleanProperty exactProperty() {
        return exact;
    }

    /** Also search with Annoy (as the seed scripts did); both may be ticked. */
    public BooleanProperty annoyProperty() {
        return annoy;
    }

    /** Read and write the embedding cache. */
    public BooleanProperty useCacheProperty() {
        return useCache;
    }

    public IntegerProperty treesProperty() {
        return trees;
    }

    public IntegerProperty searchKProperty() {
        return searchK;
    }

    public IntegerProperty indexLimitProperty() {
        return indexLimit;
    }

    public IntegerProperty queryLimitProperty() {
        return queryLimit;
    }

    public ReadOnlyObjectProperty<EvaluationReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** The result (see {@link #label(EvaluationResult)}) whose per-label accuracy and confusions are shown. */
    public ObjectProperty<String> detailModelProperty() {
        return detailModel;
    }

    /** The evaluation running, and the last error. */
    public BackgroundJob job() {
        return job;
    }

    /** Starts an evaluation; null when one is running or the request is not valid (see {@link #job()}). */
    public ProgressTask<EvaluationReport> run() {
        if (job.isRunning()) {
            return null;
        }
        EvaluationRequest request;
        try {
            String d = dataset.get() == null ? "" : dataset.get().strip();
            List<IndexKind> kinds = new ArrayList<>();
            if (exact.get()) {
                kinds.add(IndexKind.EXACT);
            }
            if (annoy.get()) {
                kinds.add(IndexKind.ANNOY);
            }
            EvaluationOptions options = EvaluationOptions.DEFAULT.withIndexes(kinds.toArray(IndexKind[]::new))
                    .withAnnoy(new AnnoySearch.Settings(trees.get(), AnnoySearch.Settings.REFERENCE.neighbours(),
                            searchK.get()))
                    .withSample(new Sample(indexLimit.get(), queryLimit.get(), Sample.ALL.seed()))
                    .withCache(useCache.get());
            request = new EvaluationRequest(List.copyOf(chosenModels), d.isEmpty() ? null : Path.of(d), options);
        } catch (IllegalArgumentException e) {
            job.reject(e.getMessage());
            return null;
        }
        remember();
        log.info("evaluating " + request.models() + " on " + request.dataset() + " ("
                + request.options().indexes().stream().map(IndexKind::id).toList() + ")");
        return job.start(ProgressTask.of((p, token) -> service.evaluate(request, p, token)), "evaluation", r -> {
            report.set(r);
            if (detailModel.get() == null || result(r, detailModel.get()) == null) {
                detailModel.set(label(r.results().get(0)));
            }
            r.results().forEach(m -> log.info(String.format(java.util.Locale.ROOT,
                    "%s: top-1 %.3f, top-2 %.3f, top-3 %.3f (%d queries)", label(m), m.top(1), m.top(2), m.top(3),
                    m.queries())));
        });
    }

    /** How the tab names a result: its model, and the index when it is Annoy. */
    public static String label(EvaluationResult r) {
        return r.index() == IndexKind.EXACT ? r.model() : r.model() + " (annoy)";
    }

    /** The result of {@code report} named {@code label}, or null. */
    public static EvaluationResult result(EvaluationReport report, String label) {
        return report == null || label == null ? null
                : report.results().stream().filter(r -> label(r).equals(label)).findFirst().orElse(null);
    }

    /** The best top-k score over the results (for the table's bold cell). */
    public static double best(EvaluationReport report, int k) {
        return report.results().stream().mapToDouble(r -> r.top(k)).max().orElse(Double.NaN);
    }

    /** Writes the report's files ({@code tenor evaluate --out}'s) into {@code folder}, off the FX thread. */
    public void writeReport(EvaluationReport r, Path folder, Consumer<String> done) {
        BackgroundSave.run(background, log, "the report", () -> "Saved " + String.join(", ",
                EvaluationReports.write(r, folder).stream().map(Path::toString).toList()), done);
    }

    public void cancel() {
        job.cancel();
    }

    /** Writes {@code text} to {@code file} off the FX thread; {@code done} gets a message on the FX thread. */
    public void write(Path file, String text, Consumer<String> done) {
        BackgroundSave.run(background, log, file.toString(), () -> {
            AtomicFiles.writeString(file, text);
            return "Saved " + file;
        }, done);
    }

    private void remember() {
        settings.putList("evaluate.models", List.copyOf(chosenModels));
        settings.put("evaluate.dataset", dataset.get());
        settings.put("evaluate.exact", exact.get());
        settings.put("evaluate.annoy", annoy.get());
        settings.put("evaluate.cache", useCache.get());
        settings.put("evaluate.trees", trees.get());
        settings.put("evaluate.searchK", searchK.get());
        settings.put("evaluate.indexLimit", indexLimit.get());
        settings.put("evaluate.queryLimit", queryLimit.get());
    }
}
