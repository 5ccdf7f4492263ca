package dev.tenor.ui.evaluate;

import dev.tenor.eval.map.EmbeddingMap;
import dev.tenor.eval.map.MapColors;
import dev.tenor.eval.map.MapImage;
import dev.tenor.eval.map.MapMethod;
import dev.tenor.eval.map.MapSplit;
import dev.tenor.ui.Snapshots;
import dev.tenor.ui.StatusLine;
import dev.tenor.ui.TaskFeedback;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.DirectoryChooser;

/**
 * The Evaluate tab's embedding map: method, split and seed; the first two chosen models' maps side by side in
 * the same colours; a label filter; the picked point's nearest training sentences; PNG and CSV export.
 */
final class MapPanel {

    private final MapViewModel vm;
    private final StatusLine status;
    private final BorderPane root = new BorderPane();
    private final HBox canvases = new HBox(8);
    private final List<MapCanvas> views = new ArrayList<>();
    private final List<Label> titles = new ArrayList<>();
    private final ListView<String> labels = new ListView<>();
    private final ListView<String> neighbours = new ListView<>();
    private final Label pickedTitle = new Label("Click a point to list its nearest training sentences.");

    MapPanel(MapViewModel vm, Supplier<List<String>> models, Supplier<String> dataset, StatusLine status) {
        this.vm = vm;
        this.status = status;
        root.setId("map-panel");
        root.setPadding(new Insets(12));

        ComboBox<MapMethod> method = new ComboBox<>();
        method.setId("map-method");
        method.getItems().setAll(MapMethod.values());
        method.valueProperty().bindBidirectional(vm.methodProperty());
        ComboBox<MapSplit> split = new ComboBox<>();
        split.setId("map-split");
        split.getItems().setAll(MapSplit.values());
        split.valueProperty().bindBidirectional(vm.splitProperty());
        Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, vm.seedProperty().get());
        seed.setId("map-seed");
        seed.setEditable(true);
        seed.setPrefWidth(100);
        seed.valueProperty().addListener((o, w, n) -> {
            if (n != null) {
                vm.seedProperty().set(n);
            }
        });
        Button run = new Button("Draw map");
        run.setId("map-run");
        run.setOnAction(e -> {
            var t = vm.run(models.get(), dataset.get());
            if (t != null) {
                status.track("Mapping", t);
            }
        });
        run.disableProperty().bind(vm.job().runningProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("map-cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.job().runningProperty().not());
        Button png = new Button("Export PNG...");
        png.setId("map-export-png");
        png.setOnAction(e -> exportPng());
        Button csv = new Button("Export CSV...");
        csv.setId("map-export-csv");
        csv.setOnAction(e -> exportCsv());
        png.disableProperty().bind(vm.mapsProperty().map(List::isEmpty));
        csv.disableProperty().bind(vm.mapsProperty().map(List::isEmpty));
        HBox bar = new HBox(8, new Label("Method"), method, new Label("Sentences"), split, new Label("Seed"), seed,
                run, cancel, png, csv);
        bar.setAlignment(Pos.CENTER_LEFT);
        List<Node> feedback = TaskFeedback.nodes("map", vm.job());
        Label hint = new Label("Maps the first two ticked models (base and trained) side by side; hover a point for "
                + "its sentence.");
        hint.getStyleClass().add("muted");
        VBox top = new VBox(6, bar, hint, feedback.get(0), feedback.get(1), feedback.get(2));
        top.setPadding(new Insets(0, 0, 8, 0));
        root.setTop(top);

        for (int m = 0; m < MapViewModel.MAX_MAPS; m++) {
            int index = m;
            MapCanvas view = new MapCanvas("map-" + (m + 1), i -> vm.pickedProperty().set(new MapViewModel.Pick(index, i)));
            Label title = new Label();
            title.setId("map-" + (m + 1) + "-title");
            VBox card = new VBox(4, title, view);
            VBox.setVgrow(view, Priority.ALWAYS);
            HBox.setHgrow(card, Priority.ALWAYS);
            card.setMinWidth(0);
            card.setPrefWidth(MapImage.PANEL_WIDTH);
            views.add(view);
            titles.add(title);
            canvases.getChildren().add(card);
        }
        root.setCenter(canvases);

        labels.setId("map-labels");
        labels.setPrefWidth(230);
        labels.setPlaceholder(new Label("Labels appear with a map."));
        labels.setCellFactory(l -> new LabelCell());
        Button all = new Button("All");
        all.setId("map-labels-all");
        all.setOnAction(e -> vm.shownLabels().addAll(vm.colorsProperty().get().all().keySet()));
        Button none = new Button("None");
        none.setId("map-labels-none");
        none.setOnAction(e -> vm.shownLabels().clear());
        VBox filter = new VBox(6, new HBox(6, new Label("Labels"), all, none), labels);
        VBox.setVgrow(labels, Priority.ALWAYS);
        filter.setPadding(new Insets(0, 0, 0, 8));
        root.setRight(filter);

        neighbours.setId("map-neighbours");
        neighbours.setPrefHeight(130);
        neighbours.setPlaceholder(new Label("No point picked."));
        pickedTitle.setId("map-picked");
        pickedTitle.setWrapText(true);
        VBox bottom = new VBox(4, pickedTitle, neighbours);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        root.setBottom(bottom);

        vm.mapsProperty().addListener((o, was, now) -> {
            labels.getItems().setAll(vm.colorsProperty().get().all().keySet());
            redraw();
        });
        vm.shownLabels().addListener((SetChangeListener<String>) c -> {
            labels.refresh();
            redraw();
        });
        vm.pickedProperty().addListener((o, was, now) -> {
            showPicked(now);
            redraw();
        });
        redraw();
    }

    Node view() {
        return root;
    }

    MapCanvas canvas(int map) {
        return views.get(map);
    }

    private void redraw() {
        List<EmbeddingMap> maps = vm.mapsProperty().get();
        MapColors colors = vm.colorsProperty().get();
        Set<String> shown = Set.copyOf(vm.shownLabels());
        MapViewModel.Pick pick = vm.pickedProperty().get();
        for (int m = 0; m < views.size(); m++) {
            boolean has = m < maps.size();
            views.get(m).getParent().setVisible(has || m == 0);
            views.get(m).getParent().setManaged(has || m == 0);
            titles.get(m).setText(has ? MapImage.title(maps.get(m)) : "No map yet: tick models, choose a dataset "
                    + "on the left and press Draw map.");
            views.get(m).show(has ? maps.get(m) : null, colors, shown, pick != null && pick.map() == m ? pick.point()
                    : -1);
        }
    }

    private void showPicked(MapViewModel.Pick pick) {
        List<EmbeddingMap> maps = vm.mapsProperty().get();
        if (pick == null || pick.map() >= maps.size()) {
            pickedTitle.setText("Click a point to list its nearest training sentences.");
            neighbours.getItems().clear();
            return;
        }
        EmbeddingMap m = maps.get(pick.map());
        int i = pick.point();
        pickedTitle.setText(String.format(Locale.ROOT, "%s: \u201c%s\u201d (%s), nearest training sentences:",
                m.model(), m.texts().get(i), m.labels().get(i)));
        List<String> rows = new ArrayList<>();
        int[] ids = m.nearest().idsOf(i);
        for (int j = 0; j < ids.length; j++) {
            rows.add(String.format(Locale.ROOT, "%.3f  \u201c%s\u201d  %s", m.nearest().similarities()[i][j],
                    m.trainTexts().get(ids[j]), m.trainLabels().get(ids[j])));
        }
        neighbours.getItems().setAll(rows);
    }

    private void exportPng() {
        List<EmbeddingMap> maps = vm.mapsProperty().get();
        if (maps.isEmpty()) {
            return;
        }
        Path file = Snapshots.chooseFile(root.getScene().getWindow(), "Export the map", "map.png", "PNG image", "png",
                null);
        if (file != null) {
            MapCanvas first = views.get(0);
            vm.exportPng(file, (int) Math.max(100, first.getWidth()), (int) Math.max(100, first.getHeight()),
                    status::show);
        }
    }

    private void exportCsv() {
        if (vm.mapsProperty().get().isEmpty()) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Export the map's points (points-1.csv, points-2.csv) into a folder");
        java.io.File folder = chooser.showDialog(root.getScene().getWindow());
        if (folder != null) {
            vm.exportCsv(folder.toPath(), status::show);
        }
    }

    /** A label with its colour and a tick that shows or hides its points. */
    private final class LabelCell extends ListCell<String> {
        private final CheckBox box = new CheckBox();
        private final Rectangle swatch = new Rectangle(10, 10);
        private final BooleanProperty ticked = new SimpleBooleanProperty();

        LabelCell() {
            box.setGraphic(swatch);
            box.setMnemonicParsing(false); // intents such as atis_flight keep their underscores
            box.selectedProperty().bindBidirectional(ticked);
            ticked.addListener((o, was, now) -> {
                String label = getItem();
                if (label == null) {
                    return;
                }
                if (now) {
                    vm.shownLabels().add(label);
                } else {
                    vm.shownLabels().remove(label);
                }
            });
        }

        @Override
        protected void updateItem(String label, boolean empty) {
            super.updateItem(label, empty);
            if (empty || label == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            int rgb = vm.colorsProperty().get().rgb(label);
            swatch.setFill(Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff));
            box.setText(label);
            ticked.set(vm.shownLabels().contains(label));
            setGraphic(box);
            setText(null);
        }
    }
}
