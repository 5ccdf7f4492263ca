package dev.tenor.ui.evaluate;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.eval.IntentEvaluation;
import dev.tenor.eval.map.EmbeddingMap;
import dev.tenor.eval.map.EmbeddingMaps;
import dev.tenor.eval.map.MapColors;
import dev.tenor.eval.map.MapCsv;
import dev.tenor.eval.map.MapImage;
import dev.tenor.eval.map.MapMethod;
import dev.tenor.eval.map.MapOptions;
import dev.tenor.eval.map.MapSplit;
import dev.tenor.model.ModelStore;
import dev.tenor.ui.Background;
import dev.tenor.ui.BackgroundJob;
import dev.tenor.ui.BackgroundSave;
import dev.tenor.ui.ProgressTask;
import dev.tenor.ui.WorkbenchLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

/**
 * The embedding map's state and actions: method, split and seed; the maps of the first two chosen models
 * (computed off the FX thread with progress and cancel); the labels shown; the point picked on a map.
 */
public final class MapViewModel {

    /** Maps drawn side by side (base and trained). */
    public static final int MAX_MAPS = 2;

    /** A point of one of the maps. */
    public record Pick(int map, int point) {
    }

    private final ModelStore store;
    private final EmbeddingMaps maps;
    private final Background background;
    private final WorkbenchLog log;
    private final ObjectProperty<MapMethod> method = new SimpleObjectProperty<>(MapMethod.UMAP);
    private final ObjectProperty<MapSplit> split = new SimpleObjectProperty<>(MapSplit.TEST);
    private final IntegerProperty seed = new SimpleIntegerProperty((int) MapOptions.DEFAULT_SEED);
    private final ReadOnlyObjectWrapper<List<EmbeddingMap>> result = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<MapColors> colors = new ReadOnlyObjectWrapper<>(MapColors.ofLabels(List.of()));
    private final ObservableSet<String> shownLabels = FXCollections.observableSet();
    private final ObjectProperty<Pick> picked = new SimpleObjectProperty<>();
    private final BackgroundJob job;

    public MapViewModel(ModelStore store, EmbeddingMaps maps, Background background, WorkbenchLog log) {
        this.store = store;
        this.maps = maps;
        this.background = background;
        this.log = log;
        this.job = new BackgroundJob(background, log);
    }

    public ObjectProperty<MapMethod> methodProperty() {
        return method;
    }

    public ObjectProperty<MapSplit> splitProperty() {
        return split;
    }

    public IntegerProperty seedProperty() {
        return seed;
    }

    /** The maps last computed, in the order of the chosen models. */
    public ReadOnlyObjectProperty<List<EmbeddingMap>> mapsProperty() {
        return result.getReadOnlyProperty();
    }

    /** One colour per label over all maps shown. */
    public ReadOnlyObjectProperty<MapColors> colorsProperty() {
        return colors.getReadOnlyProperty();
    }

    /** The labels whose points are drawn (all after a new map). */
    public ObservableSet<String> shownLabels() {
        return shownLabels;
    }

    /** The point clicked last, whose nearest training sentences are listed; null for none. */
    public ObjectProperty<Pick> pickedProperty() {
        return picked;
    }

    /** The map computing, and the last error. */
    public BackgroundJob job() {
        return job;
    }

    /** Maps the first {@link #MAX_MAPS} of {@code models} on {@code dataset}; null when one is running or invalid. */
    public ProgressTask<List<EmbeddingMap>> run(List<String> models, String dataset) {
        if (job.isRunning()) {
            return null;
        }
        if (models.isEmpty()) {
            job.reject("choose at least one model to map");
            return null;
        }
        if (dataset == null || dataset.isBlank()) {
            job.reject("choose an intent dataset folder (with train and test files)");
            return null;
        }
        List<String> chosen = List.copyOf(models.subList(0, Math.min(MAX_MAPS, models.size())));
        Path folder = Path.of(dataset.strip());
        MapOptions options = MapOptions.DEFAULT.withMethod(method.get()).withSplit(split.get()).withSeed(seed.get());
        log.info("mapping " + chosen + " on " + folder + " (" + options.method() + ", seed " + options.seed() + ")");
        ProgressTask<List<EmbeddingMap>> t = ProgressTask.of((p, token) -> {
            p.progress(0, -1, "reading " + folder.getFileName());
            IntentDataset data = IntentDatasetReader.read(folder);
            List<EmbeddingMap> out = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                String prefix = chosen.size() == 1 ? "" : "model " + (i + 1) + "/" + chosen.size() + ": ";
                IntentEvaluation.Model m = IntentEvaluation.Model.resolve(store, chosen.get(i), p);
                out.add(maps.compute(data, m, options, (done, total, msg) -> p.progress(done, total, prefix + msg),
                        token));
            }
            return List.copyOf(out);
        });
        return job.start(t, "map", computed -> {
            show(computed);
            computed.forEach(m -> log.info(String.format(Locale.ROOT, "%s: %,d points (%s)", m.model(), m.size(),
                    m.projectSeconds() > 0 ? String.format(Locale.ROOT, "%s in %.1f s", m.options().method(),
                            m.projectSeconds()) : "from the map cache")));
        });
    }

    private void show(List<EmbeddingMap> computed) {
        picked.set(null);
        MapColors c = MapColors.of(computed);
        colors.set(c);
        shownLabels.clear();
        shownLabels.addAll(c.all().keySet());
        result.set(computed);
    }

    public void cancel() {
        job.cancel();
    }

    /** The maps as {@code tenor map}'s PNG (shown labels only), written off the FX thread. */
    public void exportPng(Path file, int panelWidth, int panelHeight, Consumer<String> done) {
        List<EmbeddingMap> m = result.get();
        MapColors c = colors.get();
        Set<String> shown = Set.copyOf(shownLabels);
        BackgroundSave.run(background, log, "the map", () -> {
            MapImage.writePng(MapImage.draw(m, c, shown, panelWidth, panelHeight), file);
            return "Saved " + file;
        }, done);
    }

    /** One CSV per map ({@code points-N.csv}, shown labels only) into {@code folder}, off the FX thread. */
    public void exportCsv(Path folder, Consumer<String> done) {
        List<EmbeddingMap> m = result.get();
        Set<String> shown = Set.copyOf(shownLabels);
        BackgroundSave.run(background, log, "the map", () -> {
            List<String> files = new ArrayList<>();
            for (int i = 0; i < m.size(); i++) {
                Path f = folder.resolve(dev.tenor.eval.map.MapExport.csvName(i + 1));
                MapCsv.write(m.get(i), shown, f);
                files.add(f.toString());
            }
            return "Saved " + String.join(", ", files);
        }, done);
    }
}
