package dev.tenor.ui;

import dev.tenor.ui.attention.AttentionTab;
import dev.tenor.ui.attention.AttentionViewModel;
import dev.tenor.ui.attention.EncoderCache;
import dev.tenor.ui.dataset.DatasetService;
import dev.tenor.ui.dataset.DatasetTab;
import dev.tenor.ui.dataset.DatasetViewModel;
import dev.tenor.ui.evaluate.EvaluateTab;
import dev.tenor.ui.evaluate.EvaluateViewModel;
import dev.tenor.ui.models.ModelsTab;
import dev.tenor.ui.train.TrainTab;
import dev.tenor.ui.train.TrainViewModel;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/**
 * The workbench window: menu, one tab per job, the log panel (Ctrl+L) and the status bar; window-wide
 * shortcuts; theme; remembered size and tab; asking before closing over a running training.
 */
public final class MainWindow {

    private final Workbench wb;
    private final Stage stage;
    private final StatusLine status = new StatusLine();
    private final LogPanel logPanel;
    private final TabPane tabs = new TabPane();
    private final SplitPane split = new SplitPane();
    private final DatasetTab dataset;
    private final TrainTab train;
    private final EvaluateTab evaluate;
    private final AttentionTab attention;
    private final ModelsTab models;
    private final List<WorkbenchTab> all;
    private final CheckMenuItem logItem = new CheckMenuItem("Log panel");
    private final CheckMenuItem darkItem = new CheckMenuItem("Dark theme");
    private final Scene scene;
    private Theme theme;
    private FxWatchdog watchdog;
    private boolean closed;

    public MainWindow(Workbench wb, Stage stage) {
        this.wb = wb;
        this.stage = stage;
        WorkbenchSettings settings = wb.settings();
        settings.setOnChange(wb::saveSettingsSoon);
        logPanel = new LogPanel(wb.log());
        dataset = new DatasetTab(new DatasetViewModel(new DatasetService(), wb.background(), settings, wb.log(),
                wb.paths()), status, wb.background(), wb.log());
        TrainViewModel trainVm = new TrainViewModel(wb.training(), wb.runs(), wb.background(), settings, wb.log(),
                () -> wb.models().refresh());
        train = new TrainTab(trainVm, wb.models().names(), status);
        evaluate = new EvaluateTab(new EvaluateViewModel(wb.evaluation(), wb.background(), settings, wb.log(),
                wb.paths()), wb.models().names(), status, wb.background(), wb.log());
        attention = new AttentionTab(new AttentionViewModel(new EncoderCache(wb.store()), wb.background(), wb.log(),
                settings), wb.models().names(), wb.models().latestRunProperty(), status, wb.background(), wb.log(),
                settings);
        models = new ModelsTab(wb.models(), status, wb.background(), wb.log());
        all = List.of(dataset, train, evaluate, attention, models);
        dataset.viewModel().datasetProperty().addListener((o, was, now) -> {
            if (now != null && !trainVm.isRunning()) {
                trainVm.valueProperty("triplets").set(now.toString());
            }
        });

        tabs.setId("tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        for (WorkbenchTab t : all) {
            Tab tab = new Tab(t.title(), t.view());
            tab.setId("tab-" + t.title().toLowerCase(java.util.Locale.ROOT));
            tabs.getTabs().add(tab);
        }
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> {
            all.get(now.intValue()).shown();
            settings.put("window.tab", now.intValue());
        });
        split.setOrientation(Orientation.VERTICAL);
        split.getItems().add(tabs);
        BorderPane root = new BorderPane();
        root.setId("workbench");
        root.setTop(menu());
        root.setCenter(split);
        root.setBottom(status.node());
        status.setNote("Data folder: " + wb.paths().home());
        // The remembered size, within the screen (it may be smaller than the one the size was saved on).
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        scene = new Scene(root, Math.min(settings.getDouble("window.width", 1360), screen.getWidth()),
                Math.min(settings.getDouble("window.height", 860), screen.getHeight() - 40));
        setTheme(Theme.parse(settings.get("window.theme", "light"), Theme.LIGHT));
        if (settings.getBoolean("window.log", false)) {
            toggleLog();
        }
        stage.setTitle("Tenor workbench");
        stage.setScene(scene);
        for (String size : new String[] {"16", "32", "48", "64", "128", "256"}) {
            var url = MainWindow.class.getResource("/assets/icon-" + size + ".png");
            if (url != null) {
                stage.getIcons().add(new Image(url.toExternalForm()));
            }
        }
        stage.setOnCloseRequest(e -> {
            e.consume();
            requestClose();
        });
        if (Boolean.getBoolean("tenor.watchdog")) {
            watchdog = FxWatchdog.start(20, ms -> wb.log().info("UI thread stalled for " + ms + " ms"));
        }
    }

    /** Shows the window, selects the remembered tab and starts the background look-ups. */
    public void show() {
        stage.show();
        int tab = wb.settings().getInt("window.tab", 0);
        tabs.getSelectionModel().select(Math.max(0, Math.min(tab, all.size() - 1)));
        wb.models().refresh();
        train.viewModel().loadDevices();
        train.viewModel().refreshRuns();
        attention.viewModel().computeNow();
        wb.log().info("Tenor " + AboutDialog.tenorVersion() + ", data folder " + wb.paths().home());
    }

    private MenuBar menu() {
        Menu file = new Menu("File");
        MenuItem export = item("Export...", "menu-export", new KeyCodeCombination(KeyCode.E,
                KeyCombination.SHORTCUT_DOWN), () -> current().export());
        MenuItem quit = item("Quit", "menu-quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN),
                this::requestClose);
        file.getItems().addAll(export, new SeparatorMenuItem(), quit);
        Menu run = new Menu("Run");
        run.getItems().addAll(
                item("Run", "menu-run", new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN),
                        () -> current().run()),
                item("Cancel", "menu-cancel", new KeyCodeCombination(KeyCode.ESCAPE), () -> current().cancel()));
        Menu view = new Menu("View");
        for (int i = 0; i < all.size(); i++) {
            int index = i;
            view.getItems().add(item(all.get(i).title(), "menu-tab-" + (i + 1),
                    new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)), KeyCombination.SHORTCUT_DOWN),
                    () -> tabs.getSelectionModel().select(index)));
        }
        logItem.setId("menu-log");
        logItem.setAccelerator(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN));
        logItem.setOnAction(e -> toggleLog());
        darkItem.setId("menu-dark");
        darkItem.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN));
        darkItem.setOnAction(e -> setTheme(darkItem.isSelected() ? Theme.DARK : Theme.LIGHT));
        view.getItems().addAll(new SeparatorMenuItem(), logItem, darkItem);
        Menu help = new Menu("Help");
        help.getItems().addAll(
                item("Keyboard shortcuts", "menu-shortcuts", new KeyCodeCombination(KeyCode.F1),
                        () -> AboutDialog.showShortcuts(stage)),
                item("About Tenor", "menu-about", null, () -> AboutDialog.show(stage, wb.paths())));
        MenuBar bar = new MenuBar(file, run, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private static MenuItem item(String text, String id, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setId(id);
        if (key != null) {
            m.setAccelerator(key);
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private WorkbenchTab current() {
        return all.get(Math.max(0, tabs.getSelectionModel().getSelectedIndex()));
    }

    /** Shows or hides the log panel. */
    public void toggleLog() {
        boolean show = !split.getItems().contains(logPanel);
        if (show) {
            split.getItems().add(logPanel);
            split.setDividerPositions(0.76);
        } else {
            split.getItems().remove(logPanel);
        }
        logItem.setSelected(show);
        wb.settings().put("window.log", show);
    }

    public boolean isLogShown() {
        return split.getItems().contains(logPanel);
    }

    public void setTheme(Theme t) {
        theme = t;
        t.applyTo(scene);
        darkItem.setSelected(t == Theme.DARK);
        wb.settings().put("window.theme", t.name().toLowerCase(java.util.Locale.ROOT));
    }

    public Theme theme() {
        return theme;
    }

    /**
     * Closes the window; while a training run is going, asks whether to leave it running, stop it (it saves a
     * checkpoint) or not close.
     */
    public void requestClose() {
        if (train.viewModel().isRunning()) {
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION);
            ask.initOwner(stage);
            ask.setTitle("A training run is going");
            ask.setHeaderText("A training run is going.");
            ask.setContentText("Leave it running in the background (it keeps writing to its run folder, and the "
                    + "Train tab shows it next time), or stop it (it saves a checkpoint you can resume)?");
            ButtonType leave = new ButtonType("Leave it running", ButtonBar.ButtonData.YES);
            ButtonType stop = new ButtonType("Stop it", ButtonBar.ButtonData.NO);
            ask.getButtonTypes().setAll(leave, stop, ButtonType.CANCEL);
            ask.getDialogPane().getStylesheets().setAll(scene.getStylesheets());
            Optional<ButtonType> answer = ask.showAndWait();
            if (answer.isEmpty() || answer.get() == ButtonType.CANCEL) {
                return;
            }
            if (answer.get() == stop) {
                train.viewModel().terminate();
            }
            train.viewModel().detach();
        }
        close();
    }

    /** Releases everything and exits the FX toolkit's window (tests call it directly). */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        WorkbenchSettings s = wb.settings();
        if (!stage.isMaximized() && stage.getWidth() > 100) {
            s.put("window.width", stage.getWidth());
            s.put("window.height", stage.getHeight());
        }
        for (WorkbenchTab t : all) {
            t.close();
        }
        if (watchdog != null) {
            watchdog.close();
        }
        stage.hide();
        wb.close();
    }

    public Stage stage() {
        return stage;
    }

    public Scene scene() {
        return scene;
    }

    public TabPane tabs() {
        return tabs;
    }

    public StatusLine status() {
        return status;
    }

    public LogPanel logPanel() {
        return logPanel;
    }

    public DatasetTab dataset() {
        return dataset;
    }

    public TrainTab train() {
        return train;
    }

    public EvaluateTab evaluate() {
        return evaluate;
    }

    public AttentionTab attention() {
        return attention;
    }

    public ModelsTab models() {
        return models;
    }

    public Workbench workbench() {
        return wb;
    }

    /** Exits the application after closing (the real app; tests keep the toolkit). */
    public void exitApplication() {
        close();
        Platform.exit();
    }
}
