package dev.tenor.ui.evaluate;

import dev.tenor.eval.EmbeddingCache;
import dev.tenor.eval.map.EmbeddingMaps;
import dev.tenor.model.ModelStore;
import dev.tenor.ui.TaskFeedback;
import java.util.List;
import dev.tenor.eval.EvaluationReport;
import dev.tenor.eval.EvaluationReports;
import dev.tenor.eval.EvaluationResult;
import dev.tenor.eval.LabelConfusion;
import dev.tenor.eval.LabelScore;
import dev.tenor.ui.Background;
import dev.tenor.ui.Forms;
import dev.tenor.ui.PathField;
import dev.tenor.ui.Snapshots;
import dev.tenor.ui.StatusLine;
import dev.tenor.ui.WorkbenchLog;
import dev.tenor.ui.WorkbenchTab;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.controlsfx.control.CheckListView;

/**
 * The Evaluate tab: models and an intent dataset, the index settings, a run with progress; the comparison
 * table (best in bold) and chart; per-label accuracy and confused pairs with example sentences; export.
 */
public final class EvaluateTab implements WorkbenchTab {

    private final EvaluateViewModel vm;
    private final StatusLine status;
    private final Background background;
    private final WorkbenchLog log;
    private final BorderPane root = new BorderPane();
    private final CheckListView<String> models;
    private final TableView<EvaluationResult> results = new TableView<>();
    private final BarChart<String, Number> chart;
    private final TableView<LabelScore> labels = new TableView<>();
    private final TableView<LabelConfusion> confusions = new TableView<>();
    private final ListView<String> examples = new ListView<>();
    private final VBox resultsBox;
    private final MapViewModel mapVm;
    private final MapPanel mapPanel;
    private boolean syncing;

    public EvaluateTab(EvaluateViewModel vm, ObservableList<String> modelNames, StatusLine status,
                       Background background, WorkbenchLog log) {
        this.vm = vm;
        this.status = status;
        this.background = background;
        this.log = log;
        root.setId("evaluate-tab");
        models = new CheckListView<>(modelNames);
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis(0, 1, 0.1);
        y.setLabel("accuracy");
        chart = new BarChart<>(x, y);
        root.setLeft(form(modelNames));
        resultsBox = results();
        mapVm = new MapViewModel(new ModelStore(vm.paths()), new EmbeddingMaps(new EmbeddingCache(
                vm.paths().cache().resolve(EmbeddingCache.FOLDER))), background, log);
        mapPanel = new MapPanel(mapVm, () -> List.copyOf(vm.chosenModels()), () -> vm.datasetProperty().get(), status);
        Tab resultsTab = new Tab("Results", resultsBox);
        Tab mapTab = new Tab("Map", mapPanel.view());
        mapTab.setId("evaluate-map-tab");
        TabPane views = new TabPane(resultsTab, mapTab);
        views.setId("evaluate-views");
        views.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        root.setCenter(views);
        vm.reportProperty().addListener((o, was, r) -> show(r));
        vm.detailModelProperty().addListener((o, was, m) -> showDetail(m));
    }

    public EvaluateViewModel viewModel() {
        return vm;
    }

    /** The embedding map's view model (the Map view beside the results). */
    public MapViewModel mapViewModel() {
        return mapVm;
    }

    @Override
    public String title() {
        return "Evaluate";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void run() {
        var t = vm.run();
        if (t != null) {
            status.track("Evaluating", t);
        }
    }

    @Override
    public void cancel() {
        vm.cancel();
    }

    @Override
    public void export() {
        exportReport();
    }

    private Node form(ObservableList<String> modelNames) {
        GridPane g = Forms.grid();
        Forms.section(g, "Models");
        models.setId("evaluate-models");
        models.setPrefHeight(170);
        models.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c -> {
            if (!syncing) {
                vm.chosenModels().setAll(models.getCheckModel().getCheckedItems());
            }
        });
        modelNames.addListener((ListChangeListener<String>) c -> checkChosen());
        vm.chosenModels().addListener((ListChangeListener<String>) c -> {
            if (!syncing) {
                checkChosen();
            }
        });
        checkChosen();
        Forms.wide(g, models);
        Forms.wide(g, Forms.hint("Tick one or more models; built-in ones are imported on first use."));
        Forms.section(g, "Intent dataset");
        PathField dataset = new PathField("evaluate-dataset", PathField.Kind.FOLDER,
                "Choose an intent dataset folder (train and test files)");
        dataset.textProperty().bindBidirectional(vm.datasetProperty());
        Forms.row(g, "Folder", dataset, "A folder with train and test splits (JSON Lines with text and label_text, "
                + "or CSV/TSV), such as MTOP English.");
        Forms.section(g, "Index");
        CheckBox exact = new CheckBox("exact");
        exact.setId("evaluate-exact");
        exact.selectedProperty().bindBidirectional(vm.exactProperty());
        CheckBox annoy = new CheckBox("Annoy");
        annoy.setId("evaluate-annoy");
        annoy.selectedProperty().bindBidirectional(vm.annoyProperty());
        Forms.row(g, "Search", new HBox(12, exact, annoy), "Exact cosine search (the ground truth), Annoy as the "
                + "seed scripts used it, or both (with Annoy's recall against exact).");
        Spinner<Integer> trees = intSpinner("evaluate-trees", 1, 1000, vm.treesProperty().get(), 5);
        bind(trees, vm.treesProperty());
        trees.disableProperty().bind(vm.annoyProperty().not());
        Forms.row(g, "Annoy trees", trees, "More trees: better recall, slower build.");
        Spinner<Integer> searchK = intSpinner("evaluate-searchk", -1, 1_000_000, vm.searchKProperty().get(), 100);
        bind(searchK, vm.searchKProperty());
        searchK.disableProperty().bind(vm.annoyProperty().not());
        Forms.row(g, "search_k", searchK, "Candidates inspected per query; -1 = Annoy's default (neighbours x trees).");
        Forms.section(g, "Sample (for a quick look)");
        Spinner<Integer> indexLimit = intSpinner("evaluate-index-limit", 0, 10_000_000, vm.indexLimitProperty().get(),
                100);
        bind(indexLimit, vm.indexLimitProperty());
        Forms.row(g, "Index sentences", indexLimit, "A seeded random sample of the train split; 0 = all.");
        Spinner<Integer> queryLimit = intSpinner("evaluate-query-limit", 0, 10_000_000, vm.queryLimitProperty().get(),
                100);
        bind(queryLimit, vm.queryLimitProperty());
        Forms.row(g, "Queries", queryLimit, "A seeded random sample of the test split; 0 = all.");
        CheckBox cache = new CheckBox("Reuse and keep embeddings");
        cache.setId("evaluate-cache");
        cache.selectedProperty().bindBidirectional(vm.useCacheProperty());
        Forms.row(g, "Cache", cache, "Embeddings of unchanged models and splits are read from the cache.");

        Button run = new Button("Evaluate");
        run.setId("evaluate-run");
        run.setDefaultButton(true);
        run.setOnAction(e -> run());
        run.disableProperty().bind(vm.job().runningProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("evaluate-cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.job().runningProperty().not());
        HBox buttons = new HBox(8, run, cancel);
        ScrollPane scroll = new ScrollPane(g);
        scroll.setFitToWidth(true);
        scroll.setPrefWidth(380);
        List<Node> feedback = TaskFeedback.nodes("evaluate", vm.job());
        return Forms.actionsBelow(scroll, buttons, feedback.get(0), feedback.get(1), feedback.get(2));
    }

    /** Ticks the chosen models that the list holds. */
    private void checkChosen() {
        syncing = true;
        try {
            models.getCheckModel().clearChecks();
            for (String m : vm.chosenModels()) {
                if (models.getItems().contains(m)) {
                    models.getCheckModel().check(m);
                }
            }
        } finally {
            syncing = false;
        }
    }

    private static Spinner<Integer> intSpinner(String id, int min, int max, int value, int step) {
        Spinner<Integer> s = new Spinner<>(min, max, value, step);
        s.setEditable(true);
        s.setId(id);
        s.setMaxWidth(Double.MAX_VALUE);
        return s;
    }

    /** Keeps a spinner and a view-model value in step both ways. */
    private static void bind(Spinner<Integer> s, javafx.beans.property.IntegerProperty p) {
        s.valueProperty().addListener((o, w, n) -> {
            if (n != null) {
                p.set(n);
            }
        });
        p.addListener((o, w, n) -> {
            if (!n.equals(s.getValue())) {
                s.getValueFactory().setValue(n.intValue());
            }
        });
    }

    private VBox results() {
        Label summary = new Label("No results yet: tick models, choose a dataset and press Evaluate (Ctrl+Enter).");
        summary.setId("evaluate-summary");
        summary.getStyleClass().add("title");
        summary.setWrapText(true);
        vm.reportProperty().addListener((o, was, r) -> summary.setText(r == null ? ""
                : EvaluationReports.heading(r)));
        MenuButton export = new MenuButton("Export");
        export.setId("evaluate-export");
        MenuItem files = new MenuItem("Report files (JSON, CSV, Markdown)...");
        files.setId("evaluate-export-report");
        files.setOnAction(e -> exportReport());
        MenuItem png = new MenuItem("PNG image...");
        png.setOnAction(e -> exportPng());
        export.getItems().addAll(files, png);
        export.disableProperty().bind(vm.reportProperty().isNull());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox.setHgrow(summary, Priority.SOMETIMES);
        HBox header = new HBox(8, summary, spacer, export);
        header.setAlignment(Pos.CENTER_LEFT);

        results.setId("results-table");
        results.setPlaceholder(new Label("No evaluation yet."));
        results.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        results.getColumns().add(col("Model", EvaluationResult::model, 220));
        results.getColumns().add(col("Index", r -> r.index().id(), 70));
        for (int k = 1; k <= 3; k++) {
            results.getColumns().add(scoreColumn(k));
        }
        results.getColumns().add(numberCol("Recall@3", r -> r.annoyRecall() == null ? "-"
                : String.format(Locale.ROOT, "%.3f", r.annoyRecall().at(Math.min(3, r.annoyRecall().maxK())))));
        results.getColumns().add(numberCol("Time", r -> String.format(Locale.ROOT, "%.1f s", r.timings().total())));
        results.setFixedCellSize(26);
        results.setPrefHeight(32 + 26 * 2);
        results.setMinHeight(32 + 26 * 2);
        results.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.detailModelProperty().set(EvaluateViewModel.label(now));
            }
        });

        chart.setId("results-chart");
        chart.setAnimated(false);
        chart.setTitle("Top-k accuracy");
        chart.setPrefHeight(230);
        chart.setMinHeight(180);
        VBox top = new VBox(8, results, chart);
        VBox.setVgrow(chart, Priority.ALWAYS);

        ComboBox<String> detail = new ComboBox<>();
        detail.setId("detail-model");
        detail.valueProperty().bindBidirectional(vm.detailModelProperty());
        vm.reportProperty().addListener((o, was, r) -> detail.getItems().setAll(r == null ? java.util.List.of()
                : r.results().stream().map(EvaluateViewModel::label).toList()));
        labels.setId("label-table");
        labels.setPlaceholder(new Label("Per-label accuracy appears here."));
        labels.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        labels.getColumns().add(col("Label", a -> a.label() + (a.inIndex() ? "" : " (not in train)"), 170));
        labels.getColumns().add(numberCol("Queries", a -> Integer.toString(a.queries())));
        labels.getColumns().add(numberCol("Correct", a -> Integer.toString(a.correct()[0])));
        for (int k = 1; k <= 3; k++) {
            int at = k;
            labels.getColumns().add(numberCol("Top-" + k, a -> a.maxK() < at ? "-"
                    : String.format(Locale.ROOT, "%.3f", a.at(at))));
        }
        confusions.setId("confusion-table");
        confusions.setPlaceholder(new Label("Confused label pairs appear here."));
        confusions.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        confusions.getColumns().add(col("True label", LabelConfusion::trueLabel, 150));
        confusions.getColumns().add(col("Taken for", LabelConfusion::predictedLabel, 150));
        confusions.getColumns().add(numberCol("Count", c -> Integer.toString(c.count())));
        confusions.getSelectionModel().selectedItemProperty().addListener((o, was, c) -> examples.getItems().setAll(
                c == null ? java.util.List.of() : c.examples().stream().map(x -> "\u201c" + x.query()
                        + "\u201d  \u2192  nearest: \u201c" + x.nearest() + "\u201d").toList()));
        examples.setId("confusion-examples");
        examples.setPlaceholder(new Label("Select a confused pair to see its sentences."));
        examples.setPrefHeight(110);
        examples.setMinHeight(80);
        VBox confusionBox = new VBox(6, confusions, examples);
        VBox.setVgrow(confusions, Priority.ALWAYS);
        HBox detailTables = new HBox(8, labels, confusionBox);
        HBox.setHgrow(labels, Priority.ALWAYS);
        HBox.setHgrow(confusionBox, Priority.ALWAYS);
        Label detailTitle = new Label("Per label, for");
        VBox bottom = new VBox(6, new HBox(8, detailTitle, detail), detailTables);
        ((HBox) bottom.getChildren().get(0)).setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(detailTables, Priority.ALWAYS);
        SplitPane split = new SplitPane(top, bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        VBox.setVgrow(split, Priority.ALWAYS);
        VBox box = new VBox(8, header, split);
        box.setPadding(new Insets(12));
        return box;
    }

    private TableColumn<EvaluationResult, Double> scoreColumn(int k) {
        TableColumn<EvaluationResult, Double> c = new TableColumn<>("Top-" + k);
        c.setId("top" + k);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().top(k)));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                getStyleClass().removeAll("best", "number");
                getStyleClass().add("number");
                if (empty || v == null) {
                    setText(null);
                    return;
                }
                setText(String.format(Locale.ROOT, "%.3f", v));
                EvaluationReport r = vm.reportProperty().get();
                if (r != null && r.results().size() > 1 && v == EvaluateViewModel.best(r, k)) {
                    getStyleClass().add("best");
                }
            }
        });
        c.setPrefWidth(80);
        return c;
    }

    private static <T> TableColumn<T, String> col(String title, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static <T> TableColumn<T, String> numberCol(String title, Function<T, String> value) {
        TableColumn<T, String> c = col(title, value, 70);
        c.setStyle("-fx-alignment: center-right;");
        return c;
    }

    private void show(EvaluationReport r) {
        results.setItems(r == null ? FXCollections.observableArrayList()
                : FXCollections.observableArrayList(r.results()));
        results.setPrefHeight(34 + 26 * Math.max(2, Math.min(8, results.getItems().size())));
        chart.getData().clear();
        if (r == null) {
            return;
        }
        for (EvaluationResult m : r.results()) {
            XYChart.Series<String, Number> s = new XYChart.Series<>();
            s.setName(EvaluateViewModel.label(m));
            for (int k = 1; k <= r.options().maxK(); k++) {
                s.getData().add(new XYChart.Data<>("top-" + k, m.top(k)));
            }
            chart.getData().add(s);
        }
        showDetail(vm.detailModelProperty().get());
    }

    private void showDetail(String model) {
        EvaluationReport r = vm.reportProperty().get();
        EvaluationResult m = EvaluateViewModel.result(r, model);
        labels.getItems().setAll(m == null ? java.util.List.of() : m.perLabel());
        confusions.getItems().setAll(m == null ? java.util.List.of() : m.confusions());
        examples.getItems().clear();
    }

    /** The same three files as {@code tenor evaluate --out}, into a folder the user picks. */
    private void exportReport() {
        EvaluationReport r = vm.reportProperty().get();
        if (r == null) {
            status.show("Nothing to export yet: run an evaluation first.");
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Export the report (report.json, report.csv, report.md) into a folder");
        java.io.File folder = chooser.showDialog(root.getScene().getWindow());
        if (folder != null) {
            vm.writeReport(r, folder.toPath(), status::show);
        }
    }

    private void exportPng() {
        EvaluationReport r = vm.reportProperty().get();
        if (r == null) {
            status.show("Nothing to export yet: run an evaluation first.");
            return;
        }
        String stem = "evaluation-" + r.dataset().name().replaceAll("[^A-Za-z0-9._-]", "_");
        Path file = Snapshots.chooseFile(root.getScene().getWindow(), "Export the evaluation", stem + ".png",
                "PNG image", "png", null);
        if (file != null) {
            Snapshots.writePng(Snapshots.snapshot(resultsBox, Snapshots.backgroundOf(resultsBox)), file, background,
                    log, status::show);
        }
    }
}
