package dev.tenor.ui;

import dev.tenor.io.TenorPaths;
import java.io.InputStream;
import java.util.Properties;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The About window: versions and where Tenor keeps its data; and the keyboard shortcuts. */
public final class AboutDialog {

    /** The shortcuts, as shown in Help > Keyboard shortcuts. */
    public static final String[][] SHORTCUTS = {
        {"Ctrl+1 ... Ctrl+5", "Dataset, Train, Evaluate, Attention, Models"},
        {"Ctrl+Enter", "Run the tab's main action (build, start, evaluate, recompute)"},
        {"Esc", "Cancel what the tab is doing (stop a training run with a checkpoint)"},
        {"Ctrl+E", "Export the tab's result"},
        {"Ctrl+L", "Show or hide the log"},
        {"Ctrl+T", "Switch between the light and the dark theme"},
        {"F1", "These shortcuts"},
        {"Ctrl+Q", "Quit"}};

    private AboutDialog() {
    }

    /** Tenor's version from the jar manifest, or "dev". */
    public static String tenorVersion() {
        String v = AboutDialog.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    /** Version lines: Tenor, Java, JavaFX, DJL. */
    public static String[][] versions(TenorPaths paths) {
        return new String[][] {
            {"Tenor", tenorVersion()},
            {"Data folder", paths.home().toString()},
            {"Settings", paths.settingsFile().toString()},
            {"Java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"},
            {"JavaFX", System.getProperty("javafx.runtime.version", "?")},
            {"DJL", mavenVersion("ai.djl", "api")},
            {"PyTorch natives", mavenVersion("ai.djl.pytorch", "pytorch-native-cpu")}};
    }

    static String mavenVersion(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = AboutDialog.class.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "?");
            }
        } catch (java.io.IOException e) {
            // fall through
        }
        return "?";
    }

    public static void show(Window owner, TenorPaths paths) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.setTitle("About Tenor");
        a.setHeaderText("Tenor " + tenorVersion() + "\nTraining and inspecting sentence-embedding models");
        var icon = AboutDialog.class.getResource("/assets/icon-64.png");
        if (icon != null) {
            a.setGraphic(new ImageView(new Image(icon.toExternalForm())));
        }
        a.getDialogPane().setContent(table(versions(paths), "about"));
        a.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        a.getButtonTypes().setAll(ButtonType.CLOSE);
        a.show();
    }

    public static void showShortcuts(Window owner) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.getDialogPane().setContent(table(SHORTCUTS, "shortcuts"));
        a.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        a.getButtonTypes().setAll(ButtonType.CLOSE);
        a.show();
    }

    private static GridPane table(String[][] rows, String id) {
        GridPane g = new GridPane();
        g.setId(id);
        g.setHgap(16);
        g.setVgap(6);
        g.setPadding(new Insets(8));
        for (int i = 0; i < rows.length; i++) {
            Label k = new Label(rows[i][0]);
            k.setStyle("-fx-font-weight: bold;");
            Label v = new Label(rows[i][1]);
            v.getStyleClass().add("about-value");
            v.setId(id + "-" + i);
            g.add(k, 0, i);
            g.add(v, 1, i);
        }
        return g;
    }
}
