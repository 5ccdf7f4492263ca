package dev.tenor.ui.attention;

import java.util.List;
import java.util.Locale;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * What the bar charts (token importance, entity shift) draw around their bars: a legend of the models' colours
 * under the title, and the value axis (base line, the top value and 0).
 */
final class BarChartFrame {

    private BarChartFrame() {
    }

    /** A colour square and the name of each model in a row at y 34..46, {@code gap} plus the name's width apart. */
    static void legend(GraphicsContext g, CanvasColors c, List<String> names, double gap) {
        double x = 10;
        for (int m = 0; m < names.size(); m++) {
            g.setFill(ImportancePane.barColor(m));
            g.fillRect(x, 34, 12, 12);
            g.setFill(c.text());
            g.fillText(names.get(m), x + 18, 40);
            x += gap + textWidth(names.get(m));
        }
    }

    /**
     * The base line under a chart of height {@code chart} from {@code left} to {@code right}, labelled 0, and
     * {@code scale} at its top; leaves the text right aligned.
     */
    static void axis(GraphicsContext g, CanvasColors c, double left, double top, double chart, double right,
                     double scale) {
        g.setStroke(c.grid());
        g.setLineWidth(1);
        g.strokeLine(left - 4, top + chart + 0.5, right, top + chart + 0.5);
        g.setFill(c.text());
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(String.format(Locale.ROOT, "%.2f", scale), left - 8, top);
        g.fillText("0", left - 8, top + chart);
    }

    private static double textWidth(String s) {
        Text t = new Text(s);
        t.setFont(HeadViewPainter.FONT);
        return t.getLayoutBounds().getWidth();
    }
}
