package dev.tenor.ui.train;

import dev.tenor.train.RunFolders;
import dev.tenor.train.TrainOption;
import dev.tenor.train.TrainOptions;
import dev.tenor.ui.ErrorBox;
import dev.tenor.ui.Forms;
import dev.tenor.ui.PathField;
import dev.tenor.ui.StatusLine;
import dev.tenor.ui.WorkbenchTab;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The Train tab: every option of {@code tenor train} in a form with defaults and validation; Start launches
 * the trainer as a child process whose metrics draw the live charts; Stop, Kill, Resume and the runs list.
 */
public final class TrainTab implements WorkbenchTab {

    private final TrainViewModel vm;
    private final StatusLine status;
    private final BorderPane root = new BorderPane();
    private static final Map<TrainOption.Section, String> SECTION_TITLES = Map.of(
            TrainOption.Section.DATA, "Model and data",
            TrainOption.Section.OPTIMISATION, "Optimisation",
            TrainOption.Section.SELECTION, "Checkpoints and validation",
            TrainOption.Section.DEVICE, "Device",
            TrainOption.Section.ADVANCED, "Advanced");

    private final Map<String, Control> fields = new LinkedHashMap<>();
    private final TableView<RunFolders.Run> runsTable = new TableView<>();
    private final LineChart<Number, Number> lossChart;
    private java.util.function.BiConsumer<javafx.scene.image.Image, java.nio.file.Path> exporter = (i, f) -> { };

    public TrainTab(TrainViewModel vm, ObservableList<String> models, StatusLine status) {
        this.vm = vm;
        this.status = status;
        root.setId("train-tab");
        lossChart = chart("loss", "loss-chart", List.of(vm.chart().loss(), vm.chart().smoothedLoss()));
        lossChart.getStyleClass().add("loss-chart");
        root.setLeft(form(models));
        root.setCenter(monitor());
        vm.problems().addListener((javafx.collections.MapChangeListener<String, String>) c -> markProblems());
    }

    public TrainViewModel viewModel() {
        return vm;
    }

    @Override
    public String title() {
        return "Train";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void run() {
        if (vm.start()) {
            status.show("Training started");
        }
    }

    @Override
    public void cancel() {
        if (vm.isRunning()) {
            vm.stop();
        }
    }

    @Override
    public void shown() {
        vm.refreshRuns();
        vm.refreshTargets();
    }

    /** Closing the window leaves a run going (the window asked first whether to stop it). */
    @Override
    public void close() {
        vm.detach();
    }

    /** Ctrl+E: the charts as a PNG. */
    @Override
    public void export() {
        Node charts = lossChart.getParent();
        java.nio.file.Path file = dev.tenor.ui.Snapshots.chooseFile(root.getScene().getWindow(),
                "Save the training charts", "training.png", "PNG image", "png", vm.runFolderProperty().get());
        if (file != null) {
            exporter.accept(dev.tenor.ui.Snapshots.snapshot(charts, dev.tenor.ui.Snapshots.backgroundOf(charts)), file);
        }
    }

    /** How a PNG is written (the window passes the background writer). */
    public void setExporter(java.util.function.BiConsumer<javafx.scene.image.Image, java.nio.file.Path> exporter) {
        this.exporter = exporter;
    }

    public LineChart<Number, Number> lossChart() {
        return lossChart;
    }

    private Node form(ObservableList<String> models) {
        GridPane g = Forms.grid();
        GridPane adv = Forms.grid();
        for (TrainOption.Section section : TrainOption.Section.values()) {
            if (section != TrainOption.Section.ADVANCED) {
                Forms.section(g, SECTION_TITLES.get(section));
            }
            for (TrainOptions.Spec s : TrainOptions.ALL) {
                if (s.section() == section) {
                    Node control = control(s, models);
                    Forms.row(section == TrainOption.Section.ADVANCED ? adv : g, s.label(), control, s.fullHelp());
                    extras(s, section == TrainOption.Section.ADVANCED ? adv : g);
                }
            }
        }
        TitledPane advanced = new TitledPane("Advanced", adv);
        advanced.setExpanded(false);
        Forms.wide(g, advanced);

        Button start = new Button("Start");
        start.setId("train-start");
        start.setDefaultButton(true);
        start.setOnAction(e -> run());
        start.disableProperty().bind(vm.runningProperty());
        Button stop = new Button("Stop");
        stop.setId("train-stop");
        stop.setOnAction(e -> vm.stop());
        stop.disableProperty().bind(vm.runningProperty().not());
        stop.setTooltip(new javafx.scene.control.Tooltip("Save a checkpoint and stop (Esc)"));
        Button kill = new Button("Kill");
        kill.setId("train-kill");
        kill.setOnAction(e -> vm.kill());
        kill.disableProperty().bind(vm.runningProperty().not());
        kill.setTooltip(new javafx.scene.control.Tooltip("End the process now, without a checkpoint"));
        ScrollPane scroll = new ScrollPane(g);
        scroll.setFitToWidth(true);
        scroll.setPrefWidth(400);
        return Forms.actionsBelow(scroll, new HBox(8, start, stop, kill));
    }

    /** The control of one option: a few have their own widget, the rest follow their type. */
    private Node control(TrainOptions.Spec s, ObservableList<String> models) {
        String key = s.name();
        switch (key) {
            case "base" -> {
                ComboBox<String> base = new ComboBox<>(models);
                base.setEditable(true);
                base.setMaxWidth(Double.MAX_VALUE);
                base.valueProperty().bindBidirectional(vm.valueProperty(key));
                return register(s, base);
            }
            case "triplets", "dev" -> {
                PathField file = new PathField("train-" + key, PathField.Kind.OPEN_FILE, "Choose " + s.label(),
                        new FileChooser.ExtensionFilter("Triplets", "*.jsonl"),
                        new FileChooser.ExtensionFilter("All files", "*"));
                file.textProperty().bindBidirectional(vm.valueProperty(key));
                if (key.equals("dev")) {
                    file.field().setPromptText("dev.jsonl beside the triplets (default)");
                }
                register(s, file.field());
                return file;
            }
            case "out" -> {
                PathField out = new PathField("train-out", PathField.Kind.FOLDER, "Choose the run folder");
                out.textProperty().bindBidirectional(vm.valueProperty(key));
                out.field().setPromptText("new folder in models/runs/");
                register(s, out.field());
                return out;
            }
            case "device" -> {
                ChoiceBox<String> device = new ChoiceBox<>(vm.devices());
                device.valueProperty().bindBidirectional(vm.valueProperty(key));
                device.setConverter(new StringConverter<>() {
                    @Override
                    public String toString(String d) {
                        return d == null ? "" : d.equals("cpu") ? "CPU" : d.equals("gpus") ? "all GPUs"
                                : "GPU " + d.substring(4);
                    }

                    @Override
                    public String fromString(String text) {
                        return text;
                    }
                });
                return register(s, device);
            }
            default -> {
                if (!s.choices().isEmpty()) {
                    ChoiceBox<String> c = new ChoiceBox<>();
                    c.getItems().setAll(s.choices());
                    c.valueProperty().bindBidirectional(vm.valueProperty(key));
                    return register(s, c);
                }
                if (s.flagOnly()) {
                    CheckBox c = new CheckBox();
                    c.setSelected(Boolean.parseBoolean(vm.valueProperty(key).get()));
                    c.selectedProperty().addListener((o, was, now) -> vm.valueProperty(key).set(now.toString()));
                    vm.valueProperty(key).addListener((o, was, now) -> c.setSelected(Boolean.parseBoolean(now)));
                    return register(s, c);
                }
                TextField t = new TextField();
                t.setPrefColumnCount(s.repeatable() ? 20 : 8);
                if (s.repeatable()) {
                    t.setPromptText("folders, separated by " + TrainForm.LIST_SEPARATOR);
                }
                t.textProperty().bindBidirectional(vm.valueProperty(key));
                t.textProperty().addListener((o, was, now) -> Forms.markInvalid(t, TrainForm.problem(s, now) != null));
                return register(s, t);
            }
        }
    }

    /** Rows that belong under an option's row. */
    private void extras(TrainOptions.Spec s, GridPane g) {
        if (s.name().equals("out")) {
            CheckBox overwrite = new CheckBox("replace an existing run folder");
            overwrite.setId("train-overwrite");
            overwrite.selectedProperty().bindBidirectional(vm.overwriteProperty());
            Forms.row(g, "", overwrite, null);
        } else if (s.name().equals("device")) {
            Label note = Forms.hint("");
            note.textProperty().bind(vm.deviceNoteProperty());
            note.setId("train-device-note");
            Forms.row(g, "", note, null);
            ChoiceBox<String> runOn = new ChoiceBox<>(vm.targets());
            runOn.setId("train-run-on");
            runOn.valueProperty().bindBidirectional(vm.runOnProperty());
            runOn.setOnShowing(e -> vm.refreshTargets());
            runOn.setTooltip(new javafx.scene.control.Tooltip("This machine, or a host added with `tenor remote add` "
                    + "(the run goes on there when the workbench closes)"));
            Forms.row(g, "Run on", runOn, null);
        }
    }

    /** Every option's control has the id {@code train-<name>}, which tests and the problem marks use. */
    private Control register(TrainOptions.Spec s, Control c) {
        c.setId("train-" + s.name());
        fields.put(s.name(), c);
        return c;
    }

    private void markProblems() {
        fields.forEach((k, c) -> {
            boolean bad = vm.problems().containsKey(k);
            Forms.markInvalid(c, bad);
        });
    }

    private Node monitor() {
        Label state = new Label();
        state.setId("train-state");
        state.getStyleClass().add("title");
        state.setWrapText(true);
        state.textProperty().bind(vm.stateProperty());
        Label progress = stat(vm.chart().progressProperty(), "train-progress");
        Label speed = stat(vm.chart().speedProperty(), "train-speed");
        Label eta = new Label();
        eta.setId("train-eta");
        eta.textProperty().bind(vm.chart().etaProperty().map(s -> s.isEmpty() ? "" : "ETA " + s));
        Label accuracy = stat(vm.chart().accuracyProperty(), "train-accuracy");
        Label event = stat(vm.chart().lastEventProperty(), "train-event");
        event.getStyleClass().add("muted");
        HBox stats = new HBox(18, progress, speed, eta, accuracy, event);
        stats.setAlignment(Pos.CENTER_LEFT);

        ErrorBox error = new ErrorBox("train-error");
        vm.errorProperty().addListener((o, was, now) -> showError(error));
        vm.crashLinesProperty().addListener((o, was, now) -> showError(error));

        LineChart<Number, Number> lr = chart("learning rate", "lr-chart", List.of(vm.chart().learningRate()));
        LineChart<Number, Number> acc = chart("accuracy", "accuracy-chart", List.of());
        acc.setData(vm.chart().accuracySeries()); // one series per validation set joins as the run names it
        acc.setCreateSymbols(true);
        HBox small = new HBox(8, lr, acc);
        HBox.setHgrow(lr, Priority.ALWAYS);
        HBox.setHgrow(acc, Priority.ALWAYS);
        lr.setPrefHeight(190);
        acc.setPrefHeight(190);

        runsTable.setId("runs-table");
        runsTable.setItems(vm.runs());
        runsTable.setPlaceholder(new Label("No runs yet."));
        runsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        runsTable.getColumns().add(column("Run", r -> r.name(), 200));
        runsTable.getColumns().add(column("Status", r -> r.status().name().toLowerCase(java.util.Locale.ROOT), 90));
        runsTable.getColumns().add(column("Steps", r -> Integer.toString(r.lastStep()), 60));
        runsTable.getColumns().add(column("Base", RunFolders.Run::base, 140));
        runsTable.getColumns().add(column("Checkpoints", r -> Integer.toString(r.checkpoints().size()), 90));
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
        runsTable.getColumns().add(column("Changed", r -> time.format(r.modified()), 130));
        runsTable.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.show(now));
        ComboBox<java.nio.file.Path> checkpoint = new ComboBox<>();
        checkpoint.setId("train-checkpoint");
        checkpoint.setConverter(new StringConverter<>() {
            @Override
            public String toString(java.nio.file.Path p) {
                return p == null ? "" : "from step " + RunFolders.stepOf(p);
            }

            @Override
            public java.nio.file.Path fromString(String s) {
                return null;
            }
        });
        runsTable.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            List<java.nio.file.Path> cps = now == null ? List.of() : new java.util.ArrayList<>(now.checkpoints());
            java.util.Collections.reverse(cps); // newest first
            checkpoint.getItems().setAll(cps);
            checkpoint.setValue(cps.isEmpty() ? null : cps.get(0));
        });
        checkpoint.disableProperty().bind(vm.runningProperty());
        Button resume = new Button("Resume");
        resume.setId("train-resume");
        resume.setOnAction(e -> vm.resume(runsTable.getSelectionModel().getSelectedItem(), checkpoint.getValue()));
        resume.disableProperty().bind(vm.runningProperty().or(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> {
                    RunFolders.Run r = runsTable.getSelectionModel().getSelectedItem();
                    return r == null || !r.resumable() && !vm.resumableOnHost(r);
                }, runsTable.getSelectionModel().selectedItemProperty())));
        Button fetch = new Button("Fetch model");
        fetch.setId("train-fetch");
        fetch.setTooltip(new javafx.scene.control.Tooltip("Download this host run's model into its folder here "
                + "(sha256 checked); it then appears in the Models and Attention tabs"));
        fetch.setOnAction(e -> vm.fetchModel(runsTable.getSelectionModel().getSelectedItem()));
        fetch.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> !vm.onHost(runsTable.getSelectionModel().getSelectedItem()),
                runsTable.getSelectionModel().selectedItemProperty()));
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> vm.refreshRuns());
        HBox runActions = new HBox(8, resume, checkpoint, fetch, refresh);
        runActions.setAlignment(Pos.CENTER_LEFT);
        VBox runsBox = new VBox(6, runsTable, runActions);
        VBox.setVgrow(runsTable, Priority.ALWAYS);
        runsBox.setPadding(new Insets(6));

        ListView<String> logView = new ListView<>(vm.processLog());
        logView.setId("train-log");
        logView.getStyleClass().add("process-log");
        vm.processLog().addListener((javafx.collections.ListChangeListener<String>) c -> {
            if (!vm.processLog().isEmpty()) {
                logView.scrollTo(vm.processLog().size() - 1);
            }
        });
        TabPane lower = new TabPane(new Tab("Runs", runsBox), new Tab("Process log", logView));
        lower.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        lower.setPrefHeight(210);
        lower.setMinHeight(150);

        VBox box = new VBox(8, state, stats, error, lossChart, small, lower);
        VBox.setVgrow(lossChart, Priority.ALWAYS);
        box.setPadding(new Insets(12));
        return box;
    }

    private void showError(ErrorBox box) {
        String text = vm.errorProperty().get();
        if (text == null || text.isEmpty()) {
            box.clear();
        } else {
            box.show(text, vm.crashLinesProperty().get());
        }
    }

    private static Label stat(javafx.beans.value.ObservableValue<String> value, String id) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(value);
        return l;
    }

    private static LineChart<Number, Number> chart(String yLabel, String id,
                                                   List<XYChart.Series<Number, Number>> series) {
        NumberAxis x = new NumberAxis();
        x.setLabel("step");
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel(yLabel);
        y.setForceZeroInRange(false);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setId(id);
        c.setAnimated(false);
        c.setCreateSymbols(false);
        c.getData().addAll(series);
        c.setMinHeight(150);
        return c;
    }

    private static TableColumn<RunFolders.Run, String> column(String title,
            java.util.function.Function<RunFolders.Run, String> value, double width) {
        TableColumn<RunFolders.Run, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
