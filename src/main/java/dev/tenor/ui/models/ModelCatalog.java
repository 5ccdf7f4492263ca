package dev.tenor.ui.models;

import dev.tenor.io.BadInputException;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.train.RunFolders;
import dev.tenor.ui.Background;
import dev.tenor.ui.ProgressTask;
import dev.tenor.ui.WorkbenchLog;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The models every tab chooses from, read from the model store off the FX thread. {@link #names()} holds
 * the usable ones (built-in models count even before their import).
 */
public final class ModelCatalog {

    private final ModelStore store;
    private final RunFolders runs;
    private final Background background;
    private final WorkbenchLog log;
    private final ObservableList<ModelRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> names = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper latestRun = new ReadOnlyStringWrapper();

    public ModelCatalog(ModelStore store, RunFolders runs, Background background, WorkbenchLog log) {
        this.store = store;
        this.runs = runs;
        this.background = background;
        this.log = log;
        names.addAll(BuiltinModel.names());
    }

    public ModelStore store() {
        return store;
    }

    public ObservableList<ModelRow> rows() {
        return rows;
    }

    /** Names of usable models, built-in first. */
    public ObservableList<String> names() {
        return names;
    }

    /** The store name of the most recently trained model ({@code runs/<run>}), or null. */
    public ReadOnlyStringProperty latestRunProperty() {
        return latestRun.getReadOnlyProperty();
    }

    /** What one reading of the store found. */
    record Snapshot(List<ModelRow> rows, String latestRun) {
    }

    /** Re-reads the store in the background; returns the task (already started). */
    public ProgressTask<?> refresh() {
        ProgressTask<Snapshot> task = ProgressTask.of((progress, token) -> readAll());
        task.setOnSucceeded(e -> apply(task.getValue()));
        task.setOnFailed(e -> log.info("cannot list models: " + task.getException().getMessage()));
        background.run(task);
        return task;
    }

    /** Reads every model folder; a folder that fails to load becomes a row with its problem. */
    Snapshot readAll() {
        List<ModelRow> out = new ArrayList<>();
        for (ModelStore.Entry e : store.list()) {
            ModelRow.Info info = null;
            String problem = null;
            if (e.present()) {
                try {
                    info = ModelRow.Info.of(ModelFolder.open(e.dir()));
                } catch (BadInputException | IllegalArgumentException ex) {
                    problem = ex.getMessage();
                }
            }
            out.add(new ModelRow(e.name(), e.dir(), e.kind(), e.present(), info, problem));
        }
        String latest = null;
        for (RunFolders.Run r : runs.list()) {
            if (r.model() != null) {
                latest = "runs/" + r.name();
                break;
            }
        }
        return new Snapshot(out, latest);
    }

    private void apply(Snapshot snapshot) {
        List<ModelRow> read = snapshot.rows();
        rows.setAll(read);
        List<String> usable = read.stream().filter(ModelRow::usable).map(ModelRow::name).toList();
        if (!usable.equals(names)) {
            names.setAll(usable);
        }
        latestRun.set(snapshot.latestRun());
        read.stream().filter(r -> r.problem() != null)
                .forEach(r -> log.info("model " + r.name() + " cannot be read: " + r.problem()));
    }
}
