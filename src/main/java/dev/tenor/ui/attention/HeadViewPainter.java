package dev.tenor.ui.attention;

import dev.tenor.attention.AttentionLayer;
import dev.tenor.attention.HeadColors;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * Paints the head view as BertViz does: tokens in two columns and a line from each token on the left to
 * each token on the right, as opaque as the attention weight, one colour per head. Hovering a left token
 * keeps only its outgoing lines, a right token only its incoming ones.
 */
public final class HeadViewPainter {

    /** Weights below this are not drawn: invisible anyway, and skipping them keeps 128 tokens fast. */
    public static final double MIN_WEIGHT = 0.01;

    static final Font FONT = Font.font("System", 12);
    static final Font TITLE_FONT = Font.font("System", FontWeight.BOLD, 13);

    private HeadViewPainter() {
    }

    /** The label width for {@code tokens}: the widest token, within bounds. */
    public static double labelWidth(List<String> tokens) {
        Text t = new Text();
        t.setFont(FONT);
        double w = 30;
        for (String s : tokens) {
            t.setText(s);
            w = Math.max(w, t.getLayoutBounds().getWidth());
        }
        return Math.min(w + 4, 160);
    }

    /**
     * Paints {@code p} and returns the number of lines drawn.
     */
    public static int paint(GraphicsContext g, HeadViewPicture p, HeadViewLayout l) {
        CanvasColors c = p.colors();
        double width = g.getCanvas().getWidth();
        double height = g.getCanvas().getHeight();
        g.setFill(c.background());
        g.fillRect(0, 0, width, height);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(c.text());
        g.setFont(TITLE_FONT);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(p.title(), HeadViewLayout.MARGIN, HeadViewLayout.TITLE / 2);
        AttentionLayer layer = p.layer();
        if (layer == null) {
            g.setFont(FONT);
            g.fillText(p.message() == null ? "" : p.message(), HeadViewLayout.MARGIN, HeadViewLayout.TITLE + 14);
            return 0;
        }
        Hover hover = p.hover();
        if (hover != null) {
            g.setFill(c.hover());
            double x = hover.side() == Hover.Side.LEFT ? HeadViewLayout.MARGIN - 2 : l.rightEdge() - 2;
            g.fillRect(x, l.y(hover.index()) - HeadViewLayout.ROW / 2, l.labelWidth() + 4, HeadViewLayout.ROW);
        }
        int drawn = lines(g, p, l);
        g.setFont(FONT);
        g.setFill(c.text());
        List<String> tokens = layer.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(tokens.get(i), l.leftEdge(), l.y(i), l.labelWidth());
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(tokens.get(i), l.rightEdge(), l.y(i), l.labelWidth());
        }
        return drawn;
    }

    private static int lines(GraphicsContext g, HeadViewPicture p, HeadViewLayout l) {
        AttentionLayer layer = p.layer();
        int n = layer.size();
        double x0 = l.leftEdge() + HeadViewLayout.PAD;
        double x1 = l.rightEdge() - HeadViewLayout.PAD;
        Hover hover = p.hover();
        int rowFrom = 0;
        int rowTo = n;
        int colFrom = 0;
        int colTo = n;
        if (hover != null && hover.side() == Hover.Side.LEFT) {
            rowFrom = hover.index();
            rowTo = hover.index() + 1;
        } else if (hover != null) {
            colFrom = hover.index();
            colTo = hover.index() + 1;
        }
        g.setLineWidth(2);
        int drawn = 0;
        for (int h = 0; h < layer.headCount(); h++) {
            if (!p.shows(h)) {
                continue;
            }
            Color base = layer.headCount() == 1 ? p.colors().text() : Color.web(HeadColors.hex(h));
            float[][] m = layer.heads()[h];
            for (int i = rowFrom; i < rowTo; i++) {
                double y0 = l.y(i);
                for (int j = colFrom; j < colTo; j++) {
                    float w = m[i][j];
                    if (w < MIN_WEIGHT) {
                        continue;
                    }
                    g.setStroke(new Color(base.getRed(), base.getGreen(), base.getBlue(), Math.min(1, w)));
                    g.strokeLine(x0, y0, x1, l.y(j));
                    drawn++;
                }
            }
        }
        return drawn;
    }
}
