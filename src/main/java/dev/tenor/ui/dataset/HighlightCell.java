package dev.tenor.ui.dataset;

import java.util.List;
import java.util.function.Function;
import javafx.scene.control.TableCell;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** A table cell showing a sentence with its swapped entities highlighted (head and tail in their colours). */
final class HighlightCell extends TableCell<TripletRow, TripletRow> {

    private final Function<TripletRow, String> text;
    private final Function<TripletRow, List<EntityHighlights.Span>> spans;
    private final TextFlow flow = new TextFlow();

    HighlightCell(Function<TripletRow, String> text, Function<TripletRow, List<EntityHighlights.Span>> spans) {
        this.text = text;
        this.spans = spans;
        setText(null);
    }

    /** The height of the text wrapped at the column's width (not at whatever width the cell had first). */
    @Override
    protected double computePrefHeight(double width) {
        if (getGraphic() == null || getTableColumn() == null) {
            return super.computePrefHeight(width);
        }
        double w = getTableColumn().getWidth() - snappedLeftInset() - snappedRightInset() - 2;
        return flow.prefHeight(Math.max(40, w)) + snappedTopInset() + snappedBottomInset();
    }

    @Override
    protected void updateItem(TripletRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            setGraphic(null);
            return;
        }
        flow.getChildren().setAll(pieces(text.apply(row), spans.apply(row)));
        setGraphic(flow);
    }

    /** The sentence cut into plain and entity pieces. */
    static List<Text> pieces(String sentence, List<EntityHighlights.Span> spans) {
        List<Text> out = new java.util.ArrayList<>();
        int at = 0;
        for (EntityHighlights.Span s : spans) {
            if (s.start() > at) {
                out.add(styled(sentence.substring(at, s.start()), "triplet-text"));
            }
            out.add(styled(sentence.substring(s.start(), s.end()),
                    s.role() == EntityHighlights.Role.HEAD ? "entity-head" : "entity-tail"));
            at = s.end();
        }
        if (at < sentence.length()) {
            out.add(styled(sentence.substring(at), "triplet-text"));
        }
        return out;
    }

    private static Text styled(String s, String styleClass) {
        Text t = new Text(s);
        t.getStyleClass().add(styleClass);
        return t;
    }
}
