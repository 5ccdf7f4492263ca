package dev.tenor.ui;

import dev.tenor.io.TenorPaths;
import dev.tenor.model.ModelStore;
import dev.tenor.train.RunFolders;
import dev.tenor.ui.evaluate.DirectEvaluationService;
import dev.tenor.ui.evaluate.EvaluationService;
import dev.tenor.ui.models.ModelCatalog;
import dev.tenor.ui.train.TrainingLauncher;
import java.io.IOException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the workbench's tabs share: the Tenor home, the settings, the worker threads, the log, the model
 * catalog, and the two services the lead can swap (the evaluation, and how training is launched).
 */
public final class Workbench implements AutoCloseable {

    private final TenorPaths paths;
    private final WorkbenchSettings settings;
    private final Background background = new Background();
    private final WorkbenchLog log = new WorkbenchLog();
    private final ModelStore store;
    private final RunFolders runs;
    private final ModelCatalog models;
    private final EvaluationService evaluation;
    private final TrainingLauncher training;
    private ScheduledFuture<?> pendingSave;

    private Workbench(Builder b) {
        this.paths = b.paths;
        this.settings = b.settings != null ? b.settings : WorkbenchSettings.load(b.paths.settingsFile());
        this.store = new ModelStore(b.paths);
        this.runs = new RunFolders(b.paths.runs());
        this.models = new ModelCatalog(store, runs, background, log);
        this.evaluation = b.evaluation != null ? b.evaluation : new DirectEvaluationService(store);
        this.training = b.training != null ? b.training : TrainingLauncher.tenorTrain();
        if (settings.problem() != null) {
            log.info(settings.problem());
        }
    }

    /** The workbench with its default services, for the paths in force. */
    public static Workbench create() {
        return builder(TenorPaths.current()).build();
    }

    public static Builder builder(TenorPaths paths) {
        return new Builder(paths);
    }

    /** Options of a workbench; unset services get their defaults. */
    public static final class Builder {
        private final TenorPaths paths;
        private WorkbenchSettings settings;
        private EvaluationService evaluation;
        private TrainingLauncher training;

        private Builder(TenorPaths paths) {
            this.paths = paths;
        }

        public Builder settings(WorkbenchSettings s) {
            this.settings = s;
            return this;
        }

        public Builder evaluation(EvaluationService e) {
            this.evaluation = e;
            return this;
        }

        public Builder training(TrainingLauncher t) {
            this.training = t;
            return this;
        }

        public Workbench build() {
            return new Workbench(this);
        }
    }

    public TenorPaths paths() {
        return paths;
    }

    public WorkbenchSettings settings() {
        return settings;
    }

    public Background background() {
        return background;
    }

    public WorkbenchLog log() {
        return log;
    }

    public ModelStore store() {
        return store;
    }

    public RunFolders runs() {
        return runs;
    }

    public ModelCatalog models() {
        return models;
    }

    public EvaluationService evaluation() {
        return evaluation;
    }

    public TrainingLauncher training() {
        return training;
    }

    /** Saves the settings a second from now, off the FX thread (changes in between are saved together). */
    public synchronized void saveSettingsSoon() {
        if (background.isShutdown() || pendingSave != null && !pendingSave.isDone()) {
            return;
        }
        pendingSave = background.scheduler().schedule(this::saveSettings, 1, TimeUnit.SECONDS);
    }

    private void saveSettings() {
        try {
            settings.save();
        } catch (IOException e) {
            log.info("cannot save settings to " + settings.file() + ": " + e.getMessage());
        }
    }

    /** Saves the settings (waiting a moment for the write) and stops all worker threads. */
    @Override
    public void close() {
        try {
            Future<?> save = background.scheduler().submit(this::saveSettings);
            save.get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            saveSettings();
        }
        background.close();
    }
}
