package dev.tenor.ui.dataset;

import dev.tenor.ui.TaskFeedback;
import java.util.List;
import dev.tenor.data.FewRelDownload;
import dev.tenor.data.SwapMode;
import dev.tenor.ui.Background;
import dev.tenor.ui.Forms;
import dev.tenor.ui.PathField;
import dev.tenor.ui.Snapshots;
import dev.tenor.ui.StatusLine;
import dev.tenor.ui.WorkbenchLog;
import dev.tenor.ui.WorkbenchTab;
import java.nio.file.Path;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.controlsfx.control.textfield.TextFields;

/**
 * The Dataset tab: FewRel file, seed, dev share and swap mode; a build with progress and cancel; then the
 * triplets in a searchable table with the swapped entities highlighted, and triplets per relation.
 */
public final class DatasetTab implements WorkbenchTab {

    private final DatasetViewModel vm;
    private final StatusLine status;
    private final Background background;
    private final WorkbenchLog log;
    private final BorderPane root = new BorderPane();
    private final TableView<TripletRow> table = new TableView<>();
    private final BarChart<Number, String> chart;
    private final Label summary = new Label();

    public DatasetTab(DatasetViewModel vm, StatusLine status, Background background, WorkbenchLog log) {
        this.vm = vm;
        this.status = status;
        this.background = background;
        this.log = log;
        root.setId("dataset-tab");
        NumberAxis count = new NumberAxis();
        count.setLabel("triplets");
        CategoryAxis relation = new CategoryAxis();
        chart = new BarChart<>(count, relation);
        root.setLeft(form());
        root.setCenter(results());
    }

    public DatasetViewModel viewModel() {
        return vm;
    }

    @Override
    public String title() {
        return "Dataset";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void run() {
        var t = vm.build();
        if (t != null) {
            status.track("Building triplets", t);
        }
    }

    @Override
    public void cancel() {
        vm.cancel();
    }

    @Override
    public void export() {
        Path file = Snapshots.chooseFile(root.getScene().getWindow(), "Save the relation chart", "relations.png",
                "PNG image", "png", null);
        if (file != null) {
            Snapshots.writePng(Snapshots.snapshot(chart, Snapshots.backgroundOf(chart)), file, background, log,
                    status::show);
        }
    }

    private Node form() {
        GridPane g = Forms.grid();
        g.setPrefWidth(400);
        Forms.section(g, "Source");
        PathField fewrel = new PathField("dataset-fewrel", PathField.Kind.OPEN_FILE, "Choose a FewRel file",
                new FileChooser.ExtensionFilter("FewRel JSON", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        fewrel.textProperty().bindBidirectional(vm.fewrelProperty());
        Forms.row(g, "FewRel file", fewrel, "FewRel's JSON: relation id -> instances with tokens, head and tail "
                + "(train_wiki.json or val_wiki.json).");
        MenuButton download = new MenuButton("Download...");
        download.setId("dataset-download");
        download.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        for (FewRelDownload.Upstream u : new FewRelDownload.Upstream[] {FewRelDownload.Upstream.VAL_WIKI,
                FewRelDownload.Upstream.TRAIN_WIKI}) {
            MenuItem item = new MenuItem(u.fileName());
            item.setOnAction(e -> {
                var t = vm.download(u);
                if (t != null) {
                    status.track("Downloading " + u.fileName(), t);
                }
            });
            download.getItems().add(item);
        }
        Forms.row(g, "", new HBox(8, download, Forms.hint("from GitHub; needs a connection")),
                null);
        PathField names = new PathField("dataset-names", PathField.Kind.OPEN_FILE, "Choose pid2name.json",
                new FileChooser.ExtensionFilter("pid2name.json", "*.json"));
        names.textProperty().bindBidirectional(vm.namesProperty());
        Forms.row(g, "Relation names", names, "pid2name.json: relation id -> [name, description]. Optional.");
        PathField out = new PathField("dataset-out", PathField.Kind.FOLDER, "Choose the dataset folder");
        out.textProperty().bindBidirectional(vm.outProperty());
        Forms.row(g, "Output folder", out, "Gets triplets.jsonl, dev.jsonl and stats.json; an earlier dataset "
                + "there is replaced.");

        Forms.section(g, "Triplets");
        Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, vm.seedProperty().get());
        seed.setEditable(true);
        seed.setId("dataset-seed");
        seed.valueProperty().addListener((o, was, now) -> vm.seedProperty().set(now));
        Forms.row(g, "Seed", seed, "Every random choice of the build (dev split, cap, pairing) comes from it.");
        Spinner<Double> dev = new Spinner<>(0.0, 0.5, vm.devShareProperty().get(), 0.01);
        dev.setEditable(true);
        dev.setId("dataset-dev");
        dev.valueProperty().addListener((o, was, now) -> vm.devShareProperty().set(now));
        Forms.row(g, "Dev share", dev, "Share of each relation held out for dev.jsonl (0 to 0.5).");
        ChoiceBox<SwapMode> swap = new ChoiceBox<>();
        swap.getItems().setAll(SwapMode.values());
        swap.setId("dataset-swap");
        swap.valueProperty().bindBidirectional(vm.swapProperty());
        swap.setConverter(new StringConverter<>() {
            @Override
            public String toString(SwapMode m) {
                return m == null ? "" : m == SwapMode.SPAN ? "span (replace the entity tokens)"
                        : "string (the seed scripts' str.replace)";
            }

            @Override
            public SwapMode fromString(String s) {
                return null;
            }
        });
        Forms.row(g, "Swap mode", swap, "How entities are put into the other sentence.");
        Spinner<Integer> max = new Spinner<>(0, 1_000_000, vm.maxPerRelationProperty().get(), 50);
        max.setEditable(true);
        max.setId("dataset-max");
        max.valueProperty().addListener((o, was, now) -> vm.maxPerRelationProperty().set(now));
        Forms.row(g, "Max per relation", max, "At most this many triplets per relation; 0 = no cap.");
        CheckBox detok = new CheckBox("natural text (no spaces before punctuation)");
        detok.selectedProperty().bindBidirectional(vm.detokenizeProperty());
        Forms.row(g, "Text", detok, null);

        Button build = new Button("Build");
        build.setId("dataset-build");
        build.setDefaultButton(true);
        build.setOnAction(e -> run());
        build.disableProperty().bind(vm.job().runningProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("dataset-cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.job().runningProperty().not());
        Button open = new Button("Open dataset...");
        open.setId("dataset-open");
        open.disableProperty().bind(vm.job().runningProperty());
        open.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Open a triplet dataset folder");
            var f = chooser.showDialog(root.getScene().getWindow());
            if (f != null) {
                var t = vm.open(f.toPath());
                if (t != null) {
                    status.track("Opening " + f.getName(), t);
                }
            }
        });
        HBox buttons = new HBox(8, build, cancel, open);
        ScrollPane scroll = new ScrollPane(g);
        scroll.setFitToWidth(true);
        scroll.setPrefWidth(420);
        List<Node> feedback = TaskFeedback.nodes("dataset", vm.job());
        return Forms.actionsBelow(scroll, buttons, feedback.get(0), feedback.get(1), feedback.get(2));
    }

    private Node results() {
        summary.setId("dataset-summary");
        summary.getStyleClass().add("title");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setWrapText(true);
        TextField search = TextFields.createClearableTextField();
        search.setId("dataset-search");
        search.setPromptText("Search triplets (relation, words of any sentence)");
        search.textProperty().bindBidirectional(vm.filterProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        Label shown = new Label();
        shown.getStyleClass().add("muted");
        shown.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> String.format(
                java.util.Locale.ROOT, "%,d of %,d", vm.rows().size(), vm.allRows().size()), vm.rows(), vm.allRows()));
        Label head = new Label("head entity");
        head.getStyleClass().add("legend-head");
        Label tail = new Label("tail entity");
        tail.getStyleClass().add("legend-tail");
        HBox bar = new HBox(10, search, shown, head, tail);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        table.setId("triplet-table");
        table.setItems(vm.rows());
        table.setPlaceholder(new Label("Build or open a dataset to see its triplets."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<TripletRow, String> rel = new TableColumn<>("Relation");
        rel.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().relationLabel()
                + (c.getValue().dev() ? " (dev)" : "")));
        rel.setPrefWidth(130);
        table.getColumns().add(rel);
        table.getColumns().add(sentenceColumn("Anchor", r -> r.triplet().anchor(), TripletRow::anchorSpans));
        table.getColumns().add(sentenceColumn("Positive: other entities", r -> r.triplet().positive(),
                TripletRow::positiveSpans));
        table.getColumns().add(sentenceColumn("Negative: same entities", r -> r.triplet().negative(),
                TripletRow::negativeSpans));

        chart.setId("relation-chart");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setTitle("Triplets per relation");
        chart.setBarGap(1);
        chart.setCategoryGap(4);
        vm.relations().addListener((javafx.collections.ListChangeListener<DatasetResult.RelationCount>) c ->
                fillChart());
        ScrollPane chartScroll = new ScrollPane(chart);
        chartScroll.setFitToWidth(true);
        SplitPane split = new SplitPane(table, chartScroll);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.7);
        VBox.setVgrow(split, Priority.ALWAYS);
        VBox box = new VBox(8, summary, bar, split);
        box.setPadding(new Insets(12));
        return box;
    }

    private TableColumn<TripletRow, TripletRow> sentenceColumn(String title, Function<TripletRow, String> text,
            Function<TripletRow, java.util.List<EntityHighlights.Span>> spans) {
        TableColumn<TripletRow, TripletRow> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(col -> new HighlightCell(text, spans));
        c.setPrefWidth(260);
        c.setSortable(false);
        return c;
    }

    private void fillChart() {
        XYChart.Series<Number, String> series = new XYChart.Series<>();
        series.setName("triplets");
        var counts = new java.util.ArrayList<>(vm.relations());
        java.util.Collections.reverse(counts); // the first relation at the top
        for (DatasetResult.RelationCount r : counts) {
            XYChart.Data<Number, String> d = new XYChart.Data<>(r.triplets() + r.devTriplets(), r.label());
            series.getData().add(d);
        }
        chart.getData().setAll(java.util.List.of(series));
        chart.setPrefHeight(Math.max(300, counts.size() * 24 + 90));
        for (int i = 0; i < counts.size(); i++) {
            var r = counts.get(i);
            var node = series.getData().get(i).getNode();
            if (node != null) {
                javafx.scene.control.Tooltip.install(node, new javafx.scene.control.Tooltip(r.relation() + " "
                        + r.label() + ": " + r.triplets() + " training + " + r.devTriplets() + " dev"));
            }
        }
    }

    /** The number of bars in the chart (tests). */
    public int chartBars() {
        return chart.getData().isEmpty() ? 0 : chart.getData().get(0).getData().size();
    }
}
