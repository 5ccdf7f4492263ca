package dev.tenor.ui.train;

import dev.tenor.model.BuiltinModel;
import dev.tenor.model.Devices;
import dev.tenor.remote.RemoteHosts;
import dev.tenor.remote.RunMirror;
import dev.tenor.train.MetricsLog;
import dev.tenor.train.RunFolders;
import dev.tenor.train.TrainingEvent;
import dev.tenor.launch.TrainingProcess;
import dev.tenor.ui.Background;
import dev.tenor.ui.Errors;
import dev.tenor.ui.FxBatcher;
import dev.tenor.ui.ProgressTask;
import dev.tenor.ui.WorkbenchLog;
import dev.tenor.ui.WorkbenchSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The Train tab's state and actions: the form, the child process of the current run and what it reports,
 * the list of runs. Process events arrive on the follower thread and are handed to the FX thread in batches.
 */
public final class TrainViewModel {

    private static final int LOG_LINES = 400;

    /** The "Run on" choice for a local run; the others are host names of {@code tenor remote add}. */
    public static final String THIS_MACHINE = "this machine";

    private final TrainingLauncher launcher;
    private final RunFolders runFolders;
    private final Background background;
    private final WorkbenchSettings settings;
    private final WorkbenchLog log;
    private final Runnable onRunFinished;

    private final Map<String, StringProperty> values = new LinkedHashMap<>();
    private final BooleanProperty overwrite = new SimpleBooleanProperty(false);
    private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
    private final ObservableList<String> devices = FXCollections.observableArrayList("cpu");
    private final ReadOnlyStringWrapper deviceNote = new ReadOnlyStringWrapper("looking for GPUs...");
    private final ObservableList<RunFolders.Run> runs = FXCollections.observableArrayList();
    private final ObservableList<String> processLog = FXCollections.observableArrayList();
    private final MetricsChartModel chart = new MetricsChartModel();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("No run yet. Fill in the form and press "
            + "Start (Ctrl+Enter).");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<List<String>> crashLines = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<Path> runFolder = new ReadOnlyObjectWrapper<>();

    private final ObservableList<String> targets = FXCollections.observableArrayList(THIS_MACHINE);
    private final StringProperty runOn = new SimpleStringProperty(THIS_MACHINE);

    private final FxBatcher<TrainingEvent> events = new FxBatcher<>(this::onEvents);
    private final FxBatcher<String> lines = new FxBatcher<>(this::onLines);
    private volatile TrainingProcess process;
    private TrainingEvent lastLifecycle;

    public TrainViewModel(TrainingLauncher launcher, RunFolders runFolders, Background background,
                          WorkbenchSettings settings, WorkbenchLog log, Runnable onRunFinished) {
        this.launcher = launcher;
        this.runFolders = runFolders;
        this.background = background;
        this.settings = settings;
        this.log = log;
        this.onRunFinished = onRunFinished;
        TrainForm.defaults().forEach((k, d) -> values.put(k, new SimpleStringProperty(settings.get("train." + k, d))));
        if (value("base").isBlank()) {
            values.get("base").set(BuiltinModel.DEFAULT.modelName());
        }
        if (value("triplets").isBlank()) {
            values.get("triplets").set(settings.get("dataset.last", ""));
        }
        values.get("out").set(""); // a new run folder each time unless the user names one
        values.get("device").set("cpu");
        runOn.addListener((o, was, now) -> {
            if (now == null || now.equals(THIS_MACHINE)) {
                loadDevices();
            } else {
                loadHostDevices(now);
            }
        });
    }

    /** Where runs start: {@link #THIS_MACHINE} or a host's name. */
    public StringProperty runOnProperty() {
        return runOn;
    }

    /** This machine and the hosts of {@code tenor remote add}. */
    public ObservableList<String> targets() {
        return targets;
    }

    /** Re-reads the hosts (the choice of "Run on"). */
    public void refreshTargets() {
        List<String> all = new ArrayList<>(List.of(THIS_MACHINE));
        try {
            RemoteHosts.current().list().forEach(h -> all.add(h.name()));
        } catch (RuntimeException e) {
            log.info("cannot read the hosts: " + Errors.describe(e));
        }
        String chosen = runOn.get();
        targets.setAll(all);
        if (!all.contains(chosen)) {
            runOn.set(THIS_MACHINE);
        }
    }

    /** Connects to a host in the background and lists its devices (its GPUs). */
    private void loadHostDevices(String host) {
        deviceNote.set("asking " + host + " for its devices...");
        ProgressTask<List<String>> t = ProgressTask.of((p, token) -> dev.tenor.remote.HostDevices.list(host));
        t.setOnSucceeded(e -> {
            if (!host.equals(runOn.get())) {
                return;
            }
            List<String> all = t.getValue();
            long gpus = all.stream().filter(d -> d.startsWith("gpu:")).count();
            String chosen = value("device");
            devices.setAll(all);
            values.get("device").set(all.contains(chosen) ? chosen : "cpu");
            deviceNote.set(gpus == 0 ? host + " shows no CUDA GPU: training there runs on its CPU."
                    : host + ": " + gpus + " GPU(s).");
        });
        t.setOnFailed(e -> {
            devices.setAll("cpu");
            values.get("device").set("cpu");
            deviceNote.set("Cannot reach " + host + ": " + Errors.describe(t.getException()));
            log.info("host " + host + ": " + Errors.describe(t.getException()));
        });
        background.run(t);
    }

    /** The property of a form value, by {@link dev.tenor.train.TrainConfig} component name. */
    public StringProperty valueProperty(String key) {
        StringProperty p = values.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no form value " + key);
        }
        return p;
    }

    private String value(String key) {
        String v = values.get(key).get();
        return v == null ? "" : v;
    }

    public BooleanProperty overwriteProperty() {
        return overwrite;
    }

    /** Problems of the last Start, by form key. */
    public ObservableMap<String, String> problems() {
        return problems;
    }

    /** Device choices: cpu, each GPU, all GPUs (GPUs only where present). */
    public ObservableList<String> devices() {
        return devices;
    }

    public ReadOnlyStringProperty deviceNoteProperty() {
        return deviceNote.getReadOnlyProperty();
    }

    public ObservableList<RunFolders.Run> runs() {
        return runs;
    }

    /** The child's output, last lines. */
    public ObservableList<String> processLog() {
        return processLog;
    }

    public MetricsChartModel chart() {
        return chart;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A crashed run's last log lines (empty otherwise). */
    public ReadOnlyObjectProperty<List<String>> crashLinesProperty() {
        return crashLines.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> runFolderProperty() {
        return runFolder.getReadOnlyProperty();
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Finds the GPUs in the background (loading the engine takes a moment). */
    public void loadDevices() {
        ProgressTask<Integer> t = ProgressTask.of((p, token) -> Devices.gpuCount());
        t.setOnSucceeded(e -> {
            int gpus = t.getValue();
            List<String> all = new ArrayList<>(List.of("cpu"));
            for (int i = 0; i < gpus; i++) {
                all.add("gpu:" + i);
            }
            if (gpus > 1) {
                all.add("gpus");
            }
            String chosen = value("device");
            devices.setAll(all);
            values.get("device").set(all.contains(chosen) ? chosen : "cpu");
            deviceNote.set(gpus == 0 ? "No CUDA GPU visible: training runs on the CPU."
                    : gpus + " GPU(s) visible.");
        });
        t.setOnFailed(e -> {
            deviceNote.set("Cannot query GPUs (" + Errors.describe(t.getException()) + "): CPU only.");
            log.info("device query failed: " + Errors.describe(t.getException()));
        });
        background.run(t);
    }

    /** Re-reads the runs folder in the background. */
    public void refreshRuns() {
        ProgressTask<List<RunFolders.Run>> t = ProgressTask.of((p, token) -> runFolders.list());
        t.setOnSucceeded(e -> runs.setAll(t.getValue()));
        t.setOnFailed(e -> log.info("cannot list runs: " + Errors.describe(t.getException())));
        background.run(t);
    }

    /** Starts a run from the form; false (with {@link #problems()} filled) when the form is not valid. */
    public boolean start() {
        if (running.get()) {
            return false;
        }
        Map<String, String> form = formValues();
        problems.clear();
        Map<String, String> found = TrainForm.problems(form);
        if (!found.isEmpty()) {
            problems.putAll(found);
            error.set("Fix the form first: " + String.join("; ", found.values()));
            return false;
        }
        remember(form);
        String out = value("out").strip();
        String host = runOn.get();
        if (host != null && !host.equals(THIS_MACHINE)) {
            // a local mirror of the run there, in the runs folder, named with its host
            Path fresh = out.isEmpty() ? runFolders.newRunFolder(value("base").strip(), LocalDateTime.now())
                    : Path.of(out);
            Path mirror = fresh.resolveSibling(fresh.getFileName() + "@" + host);
            launch(TrainForm.remoteArguments(form, mirror, host), mirror, "Starting " + mirror.getFileName() + " on "
                    + host);
            return true;
        }
        Path folder = out.isEmpty() ? runFolders.newRunFolder(value("base").strip(), LocalDateTime.now())
                : Path.of(out);
        launch(TrainForm.arguments(form, folder), folder, "Starting " + folder.getFileName());
        return true;
    }

    /** Whether {@code run} mirrors a run on a host that stopped before its end (its checkpoints are there). */
    public boolean resumableOnHost(RunFolders.Run run) {
        return run != null && run.status() != RunFolders.Status.DONE && run.status() != RunFolders.Status.NEW
                && RunMirror.remoteOf(run.dir()).isPresent();
    }

    /** Whether {@code run} mirrors a run on a host (its model can be fetched from there). */
    public boolean onHost(RunFolders.Run run) {
        return run != null && RunMirror.remoteOf(run.dir()).isPresent();
    }

    /**
     * Downloads the model of {@code run}'s host run into the mirror's {@code model/} in the background (sha256
     * checked, files already here kept), then lists the runs again so the model appears.
     */
    public ProgressTask<?> fetchModel(RunFolders.Run run) {
        var remote = run == null ? java.util.Optional.<RunMirror.Remote>empty() : RunMirror.remoteOf(run.dir());
        if (remote.isEmpty()) {
            error.set(run == null ? "choose a run first" : run.name() + " is not a run on a host");
            return null;
        }
        Path target = run.dir().resolve("model");
        ProgressTask<dev.tenor.remote.ModelFetch.Tally> t = ProgressTask.of((p, token) ->
                dev.tenor.remote.ModelFetch.fetchModel(remote.get().host(), remote.get().run(), target));
        t.setOnSucceeded(e -> {
            var tally = t.getValue();
            log.info(String.format(java.util.Locale.ROOT, "fetched the model of %s from %s into %s: %d downloaded "
                    + "(%.1f MB), %d already here; sha256 checked", run.name(), remote.get().host(), target,
                    tally.downloaded(), tally.bytes() / 1e6, tally.skipped()));
            refreshRuns();
        });
        t.setOnFailed(e -> error.set("Fetching the model of " + run.name() + " failed: "
                + Errors.describe(t.getException())));
        background.run(t);
        return t;
    }

    /** Continues {@code run} from its newest checkpoint. */
    public boolean resume(RunFolders.Run run) {
        return resume(run, run == null ? null : run.latestCheckpoint());
    }

    /** Continues {@code run} from {@code checkpoint} (one of its {@code checkpoints/step-N} folders). */
    public boolean resume(RunFolders.Run run, Path checkpoint) {
        if (running.get() || run == null) {
            return false;
        }
        var remote = RunMirror.remoteOf(run.dir());
        if (remote.isPresent()) {
            if (!resumableOnHost(run)) {
                error.set(run.name() + " cannot be resumed: it is finished");
                return false;
            }
            // the checkpoints are there: the host's newest one
            launch(List.of("--remote", remote.get().host(), "--resume", remote.get().run(), "--mirror",
                    run.dir().toString(), "--device", value("device")), run.dir(), "Resuming " + run.name() + " on "
                    + remote.get().host());
            return true;
        }
        if (!run.resumable()) {
            error.set(run.name() + " cannot be resumed: " + (run.status() == RunFolders.Status.DONE ? "it is finished"
                    : "it has no checkpoint yet"));
            return false;
        }
        Path from = checkpoint != null ? checkpoint : run.latestCheckpoint();
        launch(TrainForm.resumeArguments(from, value("device")), run.dir(), "Resuming " + run.name() + " from "
                + from.getFileName());
        return true;
    }

    private void launch(List<String> args, Path folder, String what) {
        error.set("");
        crashLines.set(List.of());
        chart.clear();
        processLog.clear();
        lastLifecycle = null;
        runFolder.set(folder);
        running.set(true);
        state.set(what + "...");
        log.info("tenor train " + String.join(" ", args));
        ProgressTask<TrainingProcess> t = ProgressTask.of((p, token) -> launcher.start(args, folder, listener()));
        t.setOnSucceeded(e -> {
            process = t.getValue();
            state.set("Training in " + folder + " (process " + process.pid() + ")");
        });
        t.setOnFailed(e -> {
            running.set(false);
            error.set("Cannot start the training process: " + Errors.describe(t.getException()));
            state.set("Not started.");
        });
        background.run(t);
    }

    private TrainingProcess.Listener listener() {
        return new TrainingProcess.Listener() {
            @Override
            public void onEvent(TrainingEvent event) {
                events.add(event);
            }

            @Override
            public void onLog(String line) {
                lines.add(line);
            }

            @Override
            public void onMetricsRestart() {
                events.add(TrainingEvent.of("__restart", true));
            }

            @Override
            public void onExit(int code) {
                Platform.runLater(() -> finished(code));
            }
        };
    }

    private void onEvents(List<TrainingEvent> batch) {
        for (TrainingEvent e : batch) {
            if (e.has("__restart")) {
                chart.clear();
                continue;
            }
            chart.accept(e);
            if (e.has("event")) {
                lastLifecycle = e;
                log.info("training: " + MetricsChartModel.describe(String.valueOf(e.get("event")), e));
            }
        }
    }

    private void onLines(List<String> batch) {
        processLog.addAll(batch);
        if (processLog.size() > LOG_LINES) {
            processLog.remove(0, processLog.size() - LOG_LINES);
        }
        batch.forEach(l -> log.raw("[train] " + l));
    }

    private void finished(int code) {
        TrainingProcess p = process;
        running.set(false);
        String event = lastLifecycle == null ? "" : String.valueOf(lastLifecycle.get("event"));
        if (code == 0 && event.equals("stopped")) {
            state.set("Stopped at step " + (long) lastLifecycle.number("step") + "; a checkpoint was saved. "
                    + "Select the run and press Resume to continue it.");
        } else if (code == 0 && event.equals("done")) {
            state.set("Done: " + MetricsChartModel.describe("done", lastLifecycle) + ".");
        } else if (code == 0) {
            state.set("The training process ended.");
        } else {
            List<String> last = p == null ? List.of() : p.lastLines(20);
            String reason = event.equals("error") ? String.valueOf(lastLifecycle.get("message"))
                    : "exit code " + code;
            error.set("Training failed (" + reason + "). The last lines of its log are below; the full log is "
                    + "train.log in the run folder.");
            crashLines.set(last);
            state.set("Failed.");
        }
        log.info("training process ended with exit code " + code);
        process = null;
        refreshRuns();
        onRunFinished.run();
    }

    /** Asks the run to save a checkpoint and stop. */
    public void stop() {
        TrainingProcess p = process;
        if (p == null) {
            return;
        }
        state.set("Stopping: the trainer saves a checkpoint first...");
        background.run(() -> {
            try {
                p.requestStop();
            } catch (IOException e) {
                Platform.runLater(() -> error.set("Cannot ask the run to stop: " + e.getMessage()));
            }
        });
    }

    /**
     * Asks the run to stop with SIGTERM (the trainer saves a checkpoint, as for the STOP file); used when the
     * window closes, since it needs no file to be written.
     */
    public void terminate() {
        TrainingProcess p = process;
        if (p != null) {
            log.info("asking training process " + p.pid() + " to save a checkpoint and stop (SIGTERM)");
            p.terminate();
        }
    }

    /** Ends the run at once, without a checkpoint. */
    public void kill() {
        TrainingProcess p = process;
        if (p != null) {
            state.set("Killing the training process...");
            p.kill();
        }
    }

    /** Stops following the run and leaves it going (the window is closing). */
    public void detach() {
        TrainingProcess p = process;
        if (p != null) {
            log.info("leaving training process " + p.pid() + " running; it writes to " + p.runFolder());
            p.detach();
            process = null;
            running.set(false);
        }
    }

    /** Shows a finished run's metrics in the charts (when no run is active). */
    public void show(RunFolders.Run run) {
        if (running.get() || run == null) {
            return;
        }
        ProgressTask<List<TrainingEvent>> t = ProgressTask.of((p, token) ->
                MetricsLog.read(run.dir().resolve(TrainingProcess.METRICS)));
        t.setOnSucceeded(e -> {
            if (running.get()) {
                return;
            }
            chart.clear();
            chart.accept(t.getValue());
            runFolder.set(run.dir());
            state.set(run.name() + ": " + run.status().name().toLowerCase(java.util.Locale.ROOT)
                    + (run.lastStep() > 0 ? " at step " + run.lastStep() : "")
                    + (run.message().isEmpty() ? "" : " (" + run.message() + ")"));
        });
        t.setOnFailed(e -> error.set(Errors.describe(t.getException())));
        background.run(t);
    }

    /** The form as text values by key. */
    public Map<String, String> formValues() {
        Map<String, String> form = new LinkedHashMap<>();
        values.forEach((k, p) -> form.put(k, p.get() == null ? "" : p.get()));
        form.put(TrainForm.OVERWRITE, Boolean.toString(overwrite.get()));
        return form;
    }

    private void remember(Map<String, String> form) {
        form.forEach((k, v) -> {
            if (!k.equals("out") && !k.equals(TrainForm.OVERWRITE) && !k.equals("device")) {
                settings.put("train." + k, v);
            }
        });
    }
}
