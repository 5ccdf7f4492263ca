package dev.tenor.ui;

import javafx.css.PseudoClass;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** Small helpers for the tabs' forms: a two-column grid, sections, hints, invalid marks. */
public final class Forms {

    /** The pseudo-class CSS draws invalid fields with. */
    public static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private Forms() {
    }

    /** A form grid: labels in the first column, fields stretching in the second. */
    public static GridPane grid() {
        GridPane g = new GridPane();
        g.getStyleClass().add("form");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHalignment(HPos.LEFT);
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        g.getColumnConstraints().addAll(labels, fields);
        return g;
    }

    /** Adds a labelled row with a tooltip that explains the field. */
    public static void row(GridPane grid, String label, Node field, String help) {
        int row = grid.getRowCount();
        Label l = new Label(label);
        l.setLabelFor(field);
        if (help != null) {
            Tooltip t = new Tooltip(help);
            t.setWrapText(true);
            t.setMaxWidth(360);
            l.setTooltip(t);
            if (field instanceof javafx.scene.control.Control c) {
                c.setTooltip(t);
            }
        }
        grid.add(l, 0, row);
        grid.add(field, 1, row);
    }

    /** A section heading across both columns. */
    public static void section(GridPane grid, String title) {
        Label l = new Label(title);
        l.getStyleClass().add("section");
        grid.add(l, 0, grid.getRowCount(), 2, 1);
    }

    /** A full-width node (a hint, a button row). */
    public static void wide(GridPane grid, Node node) {
        grid.add(node, 0, grid.getRowCount(), 2, 1);
    }

    /** A scrolling form with its buttons, progress and messages fixed below it, always in view. */
    public static javafx.scene.layout.BorderPane actionsBelow(Node form, Node... below) {
        javafx.scene.layout.BorderPane p = new javafx.scene.layout.BorderPane(form);
        javafx.scene.layout.VBox bar = new javafx.scene.layout.VBox(6, below);
        bar.setPadding(new javafx.geometry.Insets(10, 12, 10, 12));
        bar.getStyleClass().add("form-actions");
        p.setBottom(bar);
        return p;
    }

    public static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("hint");
        l.setWrapText(true);
        return l;
    }

    public static void markInvalid(Node node, boolean invalid) {
        node.pseudoClassStateChanged(INVALID, invalid);
    }
}
