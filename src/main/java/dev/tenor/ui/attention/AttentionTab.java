package dev.tenor.ui.attention;

import dev.tenor.attention.AttentionLayer;
import dev.tenor.attention.AttentionOptions;
import dev.tenor.attention.EntityShift;
import dev.tenor.io.TenorPaths;
import dev.tenor.ui.ProgressTask;
import dev.tenor.attention.HeadChanges;
import dev.tenor.attention.HeadColors;
import dev.tenor.attention.TokenImportance;
import dev.tenor.model.BuiltinModel;
import dev.tenor.ui.Background;
import dev.tenor.ui.ProgressDialog;
import dev.tenor.ui.Snapshots;
import dev.tenor.ui.StatusLine;
import dev.tenor.ui.WorkbenchLog;
import dev.tenor.ui.WorkbenchSettings;
import dev.tenor.ui.WorkbenchTab;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * The Attention tab: a sentence, two models side by side, and BertViz's views drawn on canvases: head
 * view (lines per head, head tiles, hover), model view (all layers x heads) and the difference view
 * (second model minus first); rollout and hiding [CLS]/[SEP] as options; PNG export of the current view.
 */
public final class AttentionTab implements WorkbenchTab {

    static final String NONE = "(none)";
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass DESELECTED = PseudoClass.getPseudoClass("deselected");

    private final AttentionViewModel vm;
    private final StatusLine status;
    private final Background background;
    private final WorkbenchLog log;
    private final BorderPane root = new BorderPane();
    private final HeadViewPane headA = new HeadViewPane("head-view-a");
    private final HeadViewPane headB = new HeadViewPane("head-view-b");
    private final ModelViewPane modelA = new ModelViewPane("model-view-a");
    private final ModelViewPane modelB = new ModelViewPane("model-view-b");
    private final DifferencePane difference = new DifferencePane("difference-view");
    private final ImportancePane importance = new ImportancePane("importance-view");
    private final ChangeGridPane changes = new ChangeGridPane("change-grid");
    private final ShiftPane shift = new ShiftPane("shift-view");
    private final TextField shiftFile = new TextField();
    private final TextField shiftLimit = new TextField("1000");
    private final Button shiftRun = new Button("Measure");
    private final Button shiftCancel = new Button("Cancel");
    private final javafx.scene.control.ProgressBar shiftProgress = new javafx.scene.control.ProgressBar(0);
    private final Label shiftStatus = new Label();
    private final VBox shiftView = new VBox(8, shiftControls(), shift);
    private ProgressTask<EntityShift.Report> shiftTask;
    private final HBox tiles = new HBox(4);
    private final HBox headViews = new HBox(8, headA, headB);
    private final HBox modelViews = new HBox(8, modelA, modelB);
    private final StackPane views = new StackPane(headViews, modelViews, difference, importance, changes,
            shiftView);
    private final ComboBox<Integer> layer = new ComboBox<>();
    private final ComboBox<String> modelBox = new ComboBox<>();

    public AttentionTab(AttentionViewModel vm, ObservableList<String> models,
                        javafx.beans.value.ObservableValue<String> latestRun, StatusLine status,
                        Background background, WorkbenchLog log, WorkbenchSettings settings) {
        this.vm = vm;
        this.status = status;
        this.background = background;
        this.log = log;
        root.setId("attention-tab");
        vm.setImportProgress(model -> BuiltinModel.find(model).isPresent()
                ? new ProgressDialog(() -> root.getScene() == null ? null : root.getScene().getWindow(),
                "Importing " + model + " (first use)") : dev.tenor.task.ProgressListener.NONE);
        root.setTop(controls(models, latestRun, settings));
        // Head views keep BertViz's proportions: as wide as their columns, side by side, not stretched.
        headA.setPrefWidth(560);
        headB.setPrefWidth(560);
        HBox.setHgrow(modelA, Priority.ALWAYS);
        HBox.setHgrow(modelB, Priority.ALWAYS);
        VBox.setVgrow(shift, Priority.ALWAYS);
        views.setPadding(new Insets(0, 12, 0, 12));
        root.setCenter(views);
        Label message = new Label();
        message.setId("attention-message");
        message.textProperty().bind(vm.messageProperty());
        message.setPadding(new Insets(6, 12, 8, 12));
        message.setWrapText(true);
        root.setBottom(message);
        modelA.setOnPick(this::pick);
        modelB.setOnPick(this::pick);
        changes.setOnPick((l, h) -> {
            vm.openHead(l, h);
            vm.viewProperty().set(AttentionViewModel.View.DIFFERENCE);
        });
        for (var p : List.of(vm.sideAProperty(), vm.sideBProperty())) {
            p.addListener((o, was, now) -> redraw());
        }
        vm.viewProperty().addListener((o, was, now) -> redraw());
        vm.layerProperty().addListener((o, was, now) -> redraw());
        vm.rolloutProperty().addListener((o, was, now) -> redraw());
        vm.hideSpecialProperty().addListener((o, was, now) -> redraw());
        vm.headsProperty().addListener((o, was, now) -> redraw());
        vm.enlargedProperty().addListener((o, was, now) -> redraw());
        vm.headCountProperty().addListener((o, was, now) -> buildTiles());
        vm.layersProperty().addListener((o, was, now) -> {
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < now.intValue(); i++) {
                items.add(i);
            }
            layer.getItems().setAll(items);
            layer.setValue(vm.layerProperty().get());
        });
        redraw();
    }

    public AttentionViewModel viewModel() {
        return vm;
    }

    /** Chooses the second model as the user would in its box. */
    public void setSecondModel(String model) {
        modelBox.setValue(model == null || model.isBlank() ? NONE : model);
    }

    public HeadViewPane headViewA() {
        return headA;
    }

    public HeadViewPane headViewB() {
        return headB;
    }

    public ModelViewPane modelViewA() {
        return modelA;
    }

    public DifferencePane differenceView() {
        return difference;
    }

    public ImportancePane importanceView() {
        return importance;
    }

    public ChangeGridPane changeGrid() {
        return changes;
    }

    public ShiftPane shiftView() {
        return shift;
    }

    @Override
    public String title() {
        return "Attention";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void run() {
        vm.computeNow();
    }

    @Override
    public void export() {
        List<Image> images = new ArrayList<>();
        switch (vm.viewProperty().get()) {
            case HEAD -> {
                images.add(headA.image());
                if (headB.isVisible()) {
                    images.add(headB.image());
                }
            }
            case MODEL -> {
                images.add(modelA.image());
                if (modelB.isVisible()) {
                    images.add(modelB.image());
                }
            }
            case DIFFERENCE -> images.add(difference.image());
            case IMPORTANCE -> images.add(importance.image());
            case CHANGES -> images.add(changes.image());
            case SHIFT -> images.add(shift.image());
        }
        Color bg = headA.colors().background();
        var image = Snapshots.sideBySide(images, 16, bg);
        Path file = Snapshots.chooseFile(root.getScene().getWindow(), "Export the attention view",
                "attention-" + vm.viewProperty().get().name().toLowerCase(java.util.Locale.ROOT) + ".png", "PNG image",
                "png", null);
        if (file != null) {
            Snapshots.writePng(image, file, background, log, status::show);
        }
    }

    @Override
    public void close() {
        vm.close();
    }

    private Node controls(ObservableList<String> models, javafx.beans.value.ObservableValue<String> latestRun,
                          WorkbenchSettings settings) {
        TextField sentence = new TextField();
        sentence.setId("attention-sentence");
        sentence.setPromptText("Type a sentence; attention is recomputed as you type");
        sentence.textProperty().bindBidirectional(vm.sentenceProperty());
        HBox.setHgrow(sentence, Priority.ALWAYS);
        Label sl = new Label("Sentence");
        HBox row1 = new HBox(8, sl, sentence);
        row1.setAlignment(Pos.CENTER_LEFT);

        ComboBox<String> a = new ComboBox<>(models);
        a.setId("attention-model-a");
        a.setEditable(true);
        a.setPrefWidth(220);
        ObservableList<String> withNone = javafx.collections.FXCollections.observableArrayList();
        Runnable sync = () -> {
            List<String> all = new ArrayList<>();
            all.add(NONE);
            all.addAll(models);
            withNone.setAll(all);
        };
        sync.run();
        models.addListener((ListChangeListener<String>) c -> sync.run());
        ComboBox<String> b = modelBox;
        b.setItems(withNone);
        b.setId("attention-model-b");
        b.setEditable(true);
        b.setPrefWidth(220);
        a.valueProperty().addListener((o, was, now) -> vm.modelAProperty().set(now == null ? "" : now));
        b.valueProperty().addListener((o, was, now) -> vm.modelBProperty().set(now == null || now.equals(NONE) ? ""
                : now));
        a.setValue(settings.get("attention.modelA", BuiltinModel.DEFAULT.modelName()));
        String rememberedB = settings.get("attention.modelB", null);
        b.setValue(rememberedB != null ? (rememberedB.isBlank() ? NONE : rememberedB)
                : latestRun.getValue() != null ? latestRun.getValue() : NONE);
        if (rememberedB == null) {
            // Default: the base and the last trained model, once the store has been read.
            latestRun.addListener((o, was, now) -> {
                if (now != null && NONE.equals(b.getValue()) && settings.get("attention.modelB", null) == null) {
                    b.setValue(now);
                }
            });
        }
        b.setTooltip(new Tooltip("The second model, e.g. a trained run; the difference view shows it minus the "
                + "first."));

        ToggleGroup group = new ToggleGroup();
        ToggleButton head = toggle("Head view", "view-head", group, AttentionViewModel.View.HEAD);
        ToggleButton model = toggle("Model view", "view-model", group, AttentionViewModel.View.MODEL);
        ToggleButton diff = toggle("Difference", "view-difference", group, AttentionViewModel.View.DIFFERENCE);
        ToggleButton imp = toggle("Importance", "view-importance", group, AttentionViewModel.View.IMPORTANCE);
        imp.setTooltip(new Tooltip("The attention each token receives (mean over heads and query tokens of the "
                + "layer, or the rollout), per model, as paired bars."));
        ToggleButton changed = toggle("Changes", "view-changes", group, AttentionViewModel.View.CHANGES);
        changed.setTooltip(new Tooltip("How much each head of each layer changed between the two models for this "
                + "sentence; click a cell to open that head."));
        ToggleButton shifted = toggle("FewRel shift", "view-shift", group, AttentionViewModel.View.SHIFT);
        shifted.setTooltip(new Tooltip("Over many FewRel sentences: how much attention each model gives the head "
                + "and tail entities, per layer, with 95% intervals (as tenor attention shift)."));
        head.setSelected(true);
        vm.viewProperty().addListener((o, was, now) -> {
            for (var t : group.getToggles()) {
                if (t.getUserData() == now && !t.isSelected()) {
                    t.setSelected(true);
                }
            }
        });
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true); // one view is always chosen
            } else {
                vm.viewProperty().set((AttentionViewModel.View) now.getUserData());
            }
        });
        layer.setId("attention-layer");
        layer.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer i) {
                return i == null ? "" : "Layer " + (i + 1);
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        layer.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.layerProperty().set(now);
            }
        });
        vm.layerProperty().addListener((o, was, now) -> {
            if (!now.equals(layer.getValue()) && layer.getItems().contains(now.intValue())) {
                layer.setValue(now.intValue());
            }
        });
        CheckBox rollout = new CheckBox("Rollout");
        rollout.setId("attention-rollout");
        rollout.setTooltip(new Tooltip("Attention rolled out across layers (heads averaged, residual added): what "
                + "each token's state draws on after this layer."));
        rollout.selectedProperty().bindBidirectional(vm.rolloutProperty());
        CheckBox hide = new CheckBox("Hide [CLS]/[SEP]");
        hide.setId("attention-hide-special");
        hide.selectedProperty().bindBidirectional(vm.hideSpecialProperty());
        Button export = new Button("Export PNG");
        export.setId("attention-export");
        export.setOnAction(e -> export());
        Label busy = new Label("computing...");
        busy.getStyleClass().add("muted");
        busy.visibleProperty().bind(vm.busyProperty());
        HBox row2 = new HBox(8, new Label("Model"), a, new Label("vs"), b, spacer(), layer, rollout, hide, export, busy);
        row2.setAlignment(Pos.CENTER_LEFT);
        // The views on a row of their own: beside the models they no longer fit a 1440 px window.
        HBox viewRow = new HBox(8, new Label("View"), head, model, diff, imp, changed, shifted);
        viewRow.setAlignment(Pos.CENTER_LEFT);
        tiles.setId("head-tiles");
        tiles.setAlignment(Pos.CENTER_LEFT);
        Label tilesHint = new Label("Heads (click: this one alone, again: all; Shift+click: add or remove)");
        tilesHint.getStyleClass().add("hint");
        HBox row3 = new HBox(10, tiles, tilesHint);
        row3.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(8, row1, row2, viewRow, row3);
        box.setPadding(new Insets(12));
        return box;
    }

    private ToggleButton toggle(String text, String id, ToggleGroup group, AttentionViewModel.View view) {
        ToggleButton t = new ToggleButton(text);
        t.setId(id);
        t.setToggleGroup(group);
        t.setUserData(view);
        return t;
    }

    private static Region spacer() {
        Region r = new Region();
        r.setMinWidth(8);
        HBox.setHgrow(r, Priority.SOMETIMES);
        return r;
    }

    private void buildTiles() {
        tiles.getChildren().clear();
        int n = vm.headCountProperty().get();
        for (int h = 0; h < n; h++) {
            Region tile = new Region();
            tile.setId("head-tile-" + h);
            tile.getStyleClass().add("head-tile");
            tile.setStyle("-fx-background-color: " + HeadColors.hex(h) + ";");
            Tooltip.install(tile, new Tooltip("Head " + (h + 1)));
            int head = h;
            tile.setOnMouseClicked(e -> vm.clickHead(head, e.isShiftDown() || e.isShortcutDown()));
            tiles.getChildren().add(tile);
        }
        updateTiles();
    }

    private void updateTiles() {
        boolean[] shown = vm.headsProperty().get();
        boolean rollout = vm.rolloutProperty().get();
        for (int h = 0; h < tiles.getChildren().size(); h++) {
            Node t = tiles.getChildren().get(h);
            boolean on = !rollout && h < shown.length && shown[h];
            t.pseudoClassStateChanged(SELECTED, on);
            t.pseudoClassStateChanged(DESELECTED, !on);
            t.setDisable(rollout);
        }
    }

    private void pick(int layerIndex, int headIndex) {
        vm.enlargedProperty().set(layerIndex < 0 ? null : new int[] {layerIndex, headIndex});
    }

    /** Builds the pictures of the current state and hands them to the visible view. */
    private void redraw() {
        updateTiles();
        AttentionViewModel.View v = vm.viewProperty().get();
        headViews.setVisible(v == AttentionViewModel.View.HEAD);
        modelViews.setVisible(v == AttentionViewModel.View.MODEL);
        difference.setVisible(v == AttentionViewModel.View.DIFFERENCE);
        importance.setVisible(v == AttentionViewModel.View.IMPORTANCE);
        changes.setVisible(v == AttentionViewModel.View.CHANGES);
        shiftView.setVisible(v == AttentionViewModel.View.SHIFT);
        var a = vm.sideAProperty().get();
        var b = vm.sideBProperty().get();
        boolean hasB = !vm.modelBProperty().get().isBlank();
        headB.setVisible(hasB);
        headB.setManaged(hasB);
        modelB.setVisible(hasB);
        modelB.setManaged(hasB);
        int l = vm.layerProperty().get();
        boolean[] heads = vm.headsProperty().get();
        switch (v) {
            case HEAD -> {
                headA.show(headPicture(a, l, heads));
                if (hasB) {
                    headB.show(headPicture(b, l, heads));
                }
            }
            case MODEL -> {
                modelA.show(modelPicture(a));
                if (hasB) {
                    modelB.show(modelPicture(b));
                }
            }
            case DIFFERENCE -> difference.show(differencePicture(a, b, l, heads));
            case IMPORTANCE -> importance.show(importancePicture(a, hasB ? b : null, l));
            case CHANGES -> changes.show(changePicture(a, b));
            case SHIFT -> { }
        }
    }

    private Node shiftControls() {
        shiftFile.setId("shift-file");
        shiftFile.setText(TenorPaths.current().sharedData().resolve("fewrel/val_wiki.json").toAbsolutePath().normalize()
                .toString());
        HBox.setHgrow(shiftFile, Priority.ALWAYS);
        shiftLimit.setId("shift-limit");
        shiftLimit.setPrefColumnCount(6);
        shiftRun.setId("shift-run");
        shiftCancel.setId("shift-cancel");
        shiftCancel.setDisable(true);
        shiftProgress.setId("shift-progress");
        shiftProgress.setVisible(false);
        shiftStatus.setId("shift-status");
        shiftRun.setOnAction(e -> startShift());
        shiftCancel.setOnAction(e -> {
            if (shiftTask != null) {
                shiftTask.cancel();
            }
        });
        HBox row = new HBox(8, new Label("FewRel file"), shiftFile, new Label("sentences"), shiftLimit, shiftRun,
                shiftCancel, shiftProgress, shiftStatus);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** Starts measuring the shift for the chosen models over the chosen file. */
    public void startShift() {
        int limit;
        try {
            limit = Integer.parseInt(shiftLimit.getText().strip());
        } catch (NumberFormatException e) {
            shiftStatus.setText("The number of sentences must be a whole number, not '" + shiftLimit.getText() + "'.");
            return;
        }
        String models = vm.modelAProperty().get() + (vm.modelBProperty().get().isBlank() ? ""
                : " vs " + vm.modelBProperty().get());
        ProgressTask<EntityShift.Report> task = vm.runShift(Path.of(shiftFile.getText().strip()), limit);
        shiftTask = task;
        shiftRun.setDisable(true);
        shiftCancel.setDisable(false);
        shiftProgress.setVisible(true);
        shiftProgress.progressProperty().bind(task.progressProperty());
        shiftStatus.textProperty().bind(task.messageProperty());
        long started = System.nanoTime();
        Runnable done = () -> {
            shiftRun.setDisable(false);
            shiftCancel.setDisable(true);
            shiftProgress.progressProperty().unbind();
            shiftProgress.setVisible(false);
            shiftStatus.textProperty().unbind();
        };
        task.setOnSucceeded(e -> {
            done.run();
            EntityShift.Report r = task.getValue();
            shiftStatus.setText(String.format(java.util.Locale.ROOT, "%d sentences in %.1f s", r.sentences(),
                    (System.nanoTime() - started) / 1e9));
            shift.show("Entity-attention shift  \u00b7  " + models, r, null);
        });
        task.setOnFailed(e -> {
            done.run();
            String why = dev.tenor.ui.Errors.describe(task.getException());
            shiftStatus.setText("");
            shift.show("Entity-attention shift  \u00b7  " + models, null, why);
            log.info("FewRel shift failed: " + why);
        });
        task.setOnCancelled(e -> {
            done.run();
            shiftStatus.setText("Cancelled.");
        });
    }

    public ProgressTask<EntityShift.Report> shiftTask() {
        return shiftTask;
    }

    private ImportancePicture importancePicture(AttentionViewModel.Side a, AttentionViewModel.Side b, int l) {
        String title = "Token importance";
        if (a == null || a.attention() == null) {
            return ImportancePicture.empty(title, a == null ? vm.messageProperty().get() : a.error());
        }
        boolean rolled = vm.rolloutProperty().get();
        boolean hide = vm.hideSpecialProperty().get();
        TokenImportance ia = TokenImportance.of(a.attention(), hide);
        int layerIndex = Math.min(l, ia.layerCount() - 1);
        title += "  \u00b7  " + (rolled ? "rollout to layer " : "layer ") + (layerIndex + 1)
                + "  (attention each token receives: mean over heads and query tokens)";
        List<float[]> values = new ArrayList<>(List.of(ia.values(layerIndex, rolled)));
        List<String> names = new ArrayList<>(List.of(a.model()));
        if (b == null || b.attention() == null) {
            return new ImportancePicture(title, ia.tokens(), values, names, null, null);
        }
        TokenImportance ib = TokenImportance.of(b.attention(), hide);
        if (!ib.tokens().equals(ia.tokens()) || ib.layerCount() != ia.layerCount()) {
            return new ImportancePicture(title + "  \u00b7  " + b.model() + " splits the sentence into other tokens",
                    ia.tokens(), values, names, null, null);
        }
        float[] vb = ib.values(layerIndex, rolled);
        values.add(vb);
        names.add(b.model());
        return new ImportancePicture(title, ia.tokens(), values, names,
                TokenImportance.changes(values.get(0), vb, ia.tokens(), 3), null);
    }

    private ChangeGridPicture changePicture(AttentionViewModel.Side a, AttentionViewModel.Side b) {
        String title = "Where training changed attention";
        if (a == null || a.attention() == null) {
            return new ChangeGridPicture(title, null, a == null ? vm.messageProperty().get() : a.error());
        }
        if (b == null || b.attention() == null) {
            return new ChangeGridPicture(title, null, b == null ? "Choose a second model (such as a trained run) to "
                    + "see which of its heads changed from " + a.model() + "." : b.error());
        }
        title = b.model() + "  vs  " + a.model() + "  \u00b7  how much each head changed for this sentence";
        AttentionOptions perHead = new AttentionOptions(false, vm.hideSpecialProperty().get());
        try {
            return new ChangeGridPicture(title, HeadChanges.of(AttentionLayer.all(a.attention(), perHead),
                    AttentionLayer.all(b.attention(), perHead)), null);
        } catch (IllegalArgumentException e) {
            return new ChangeGridPicture(title, null, e.getMessage() + ".");
        }
    }

    private HeadViewPicture headPicture(AttentionViewModel.Side side, int l, boolean[] heads) {
        String title = side == null ? "" : side.model();
        if (side == null || side.attention() == null) {
            return HeadViewPicture.empty(title, side == null ? vm.messageProperty().get() : side.error(),
                    headA.colors());
        }
        List<AttentionLayer> layers = vm.layersOf(side);
        AttentionLayer shown = layers.get(Math.min(l, layers.size() - 1));
        return new HeadViewPicture(title + "  \u00b7  layer " + (shown.layer() + 1)
                + (shown.kind() == AttentionLayer.Kind.ROLLOUT ? " (rollout)" : ""), shown, heads, null,
                headA.colors(), null);
    }

    private ModelViewPicture modelPicture(AttentionViewModel.Side side) {
        String title = side == null ? "" : side.model();
        if (side == null || side.attention() == null) {
            return new ModelViewPicture(title, List.of(), null, modelA.colors(), side == null
                    ? vm.messageProperty().get() : side.error());
        }
        return new ModelViewPicture(title + (vm.rolloutProperty().get() ? "  \u00b7  rollout" : ""),
                vm.layersOf(side), vm.enlargedProperty().get(), modelA.colors(), null);
    }

    private DifferencePicture differencePicture(AttentionViewModel.Side a, AttentionViewModel.Side b, int l,
                                                boolean[] heads) {
        CanvasColors c = difference.colors();
        if (a == null || a.attention() == null) {
            return new DifferencePicture("Difference", null, heads, "", c, a == null ? vm.messageProperty().get()
                    : a.error());
        }
        if (b == null || b.attention() == null) {
            return new DifferencePicture("Difference", null, heads, "", c, b == null
                    ? "Choose a second model (such as a trained run) to see how its attention differs from "
                    + a.model() + "." : b.error());
        }
        List<AttentionLayer> la = vm.layersOf(a);
        List<AttentionLayer> lb = vm.layersOf(b);
        int layerIndex = Math.min(l, Math.min(la.size(), lb.size()) - 1);
        String title = b.model() + "  minus  " + a.model() + "  \u00b7  layer " + (layerIndex + 1);
        try {
            AttentionLayer d = AttentionLayer.difference(lb.get(layerIndex), la.get(layerIndex));
            int chosen = 0;
            int only = -1;
            for (int h = 0; h < heads.length; h++) {
                if (heads[h]) {
                    chosen++;
                    only = h;
                }
            }
            String what = d.headCount() == 1 ? "rollout" : chosen == 1 ? "head " + (only + 1)
                    : "mean of " + chosen + " heads";
            return new DifferencePicture(title, d, heads, what, c, null);
        } catch (IllegalArgumentException e) {
            return new DifferencePicture(title, null, heads, "", c, e.getMessage() + ".");
        }
    }
}
