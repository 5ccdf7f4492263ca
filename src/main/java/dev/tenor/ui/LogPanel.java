package dev.tenor.ui;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The log panel under the tabs (Ctrl+L shows and hides it): the last lines of {@link WorkbenchLog}. */
public final class LogPanel extends BorderPane {

    static final int MAX_CHARS = 400_000;

    private final TextArea text = new TextArea();

    public LogPanel(WorkbenchLog log) {
        getStyleClass().add("log-panel");
        setId("log-panel");
        text.setEditable(false);
        text.setWrapText(false);
        text.setId("log-text");
        Label title = new Label("Log");
        title.getStyleClass().add("section");
        Button clear = new Button("Clear");
        clear.setOnAction(e -> text.clear());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, title, spacer, clear);
        bar.setPadding(new Insets(4, 8, 4, 8));
        setTop(bar);
        setCenter(text);
        setMinHeight(60);
        log.addSink(this::append);
    }

    public String text() {
        return text.getText();
    }

    private void append(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        text.appendText(sb.toString());
        if (text.getLength() > MAX_CHARS) {
            text.deleteText(0, text.getLength() - MAX_CHARS / 2);
        }
    }
}
