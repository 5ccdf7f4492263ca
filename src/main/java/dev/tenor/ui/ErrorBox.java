package dev.tenor.ui;

import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A clear message about bad input or a failure, shown in place (not a modal dialog), with optional details
 * such as a crashed process's last log lines. Hidden while there is nothing to say.
 */
public final class ErrorBox extends VBox {

    private final Label message = new Label();
    private final TextArea details = new TextArea();

    public ErrorBox(String id) {
        super(6);
        setId(id);
        getStyleClass().add("error-box");
        message.setWrapText(true);
        message.setId(id + "-message");
        details.setEditable(false);
        details.setPrefRowCount(8);
        details.setId(id + "-details");
        Button dismiss = new Button("Dismiss");
        dismiss.setOnAction(e -> clear());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);
        getChildren().add(new HBox(8, message, spacer, dismiss));
        clear();
    }

    public void show(String text) {
        show(text, List.of());
    }

    /** Shows {@code text}, and {@code lines} underneath when there are any. */
    public void show(String text, List<String> lines) {
        message.setText(text);
        getChildren().remove(details);
        if (!lines.isEmpty()) {
            details.setText(String.join("\n", lines));
            getChildren().add(details);
        }
        setVisible(true);
        setManaged(true);
    }

    public void clear() {
        message.setText("");
        details.clear();
        getChildren().remove(details);
        setVisible(false);
        setManaged(false);
    }

    public String text() {
        return message.getText();
    }

    public String detailsText() {
        return details.getText();
    }
}
