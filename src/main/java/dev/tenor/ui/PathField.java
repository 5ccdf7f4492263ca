package dev.tenor.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/** A path typed or chosen with a file or folder chooser. */
public final class PathField extends HBox {

    /** What the chooser picks. */
    public enum Kind { OPEN_FILE, FOLDER, SAVE_FILE }

    private final TextField field = new TextField();
    private final Button browse = new Button("Browse...");
    private final Kind kind;
    private final String title;
    private final FileChooser.ExtensionFilter[] filters;

    public PathField(String id, Kind kind, String title, FileChooser.ExtensionFilter... filters) {
        super(6);
        this.kind = kind;
        this.title = title;
        this.filters = filters;
        field.setId(id);
        browse.setId(id + "-browse");
        field.setPromptText(kind == Kind.FOLDER ? "a folder" : "a file");
        HBox.setHgrow(field, Priority.ALWAYS);
        field.setPrefColumnCount(28);
        browse.setOnAction(e -> choose());
        browse.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        getChildren().addAll(field, browse);
    }

    public TextField field() {
        return field;
    }

    public StringProperty textProperty() {
        return field.textProperty();
    }

    /** The path typed, or null when blank. */
    public Path path() {
        String t = field.getText();
        return t == null || t.isBlank() ? null : Path.of(t.strip());
    }

    public void setPath(Path path) {
        field.setText(path == null ? "" : path.toString());
    }

    private void choose() {
        Path current = path();
        File initial = null;
        if (current != null) {
            Path dir = Files.isDirectory(current) ? current : current.getParent();
            if (dir != null && Files.isDirectory(dir)) {
                initial = dir.toFile();
            }
        }
        File picked;
        if (kind == Kind.FOLDER) {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(title);
            chooser.setInitialDirectory(initial);
            picked = chooser.showDialog(getScene().getWindow());
        } else {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(title);
            chooser.setInitialDirectory(initial);
            chooser.getExtensionFilters().addAll(filters);
            if (current != null && kind == Kind.SAVE_FILE) {
                chooser.setInitialFileName(current.getFileName().toString());
            }
            picked = kind == Kind.OPEN_FILE ? chooser.showOpenDialog(getScene().getWindow())
                    : chooser.showSaveDialog(getScene().getWindow());
        }
        if (picked != null) {
            field.setText(picked.getAbsolutePath());
        }
    }
}
