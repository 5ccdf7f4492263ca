package dev.tenor.ui.attention;

import dev.tenor.attention.HeadColors;
import dev.tenor.attention.TokenImportance;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * Token importance as paired bars: for each token, in sentence order, one bar per model (the first model in
 * head 1's colour, the second in head 2's), as tall as the share of the attention the token receives; the
 * tokens that gained and lost most are named above.
 */
public final class ImportancePane extends PicturePane<ImportancePicture> {

    static final double TOP = 78;
    static final double CHART = 220;
    static final double BAR = 14;
    static final double GAP = 10;
    static final double LEFT = 50;

    private float scale;

    public ImportancePane(String id) {
        super(id);
    }

    /** The colour of model {@code m}'s bars. */
    public static Color barColor(int m) {
        return Color.web(HeadColors.hex(m));
    }

    /** The centre of model {@code m}'s bar for token {@code t}, in canvas coordinates (tests sample it). */
    public double[] barCentre(int m, int t) {
        double x = barX(m, t) + BAR / 2;
        float v = picture().values().get(m)[t];
        double h = scale > 0 ? CHART * v / scale : 0;
        return new double[] {x, TOP + CHART - h / 2};
    }

    private double barX(int m, int t) {
        int models = picture().values().size();
        return LEFT + t * (models * BAR + GAP) + m * BAR;
    }

    @Override
    protected void paint(ImportancePicture picture) {
        CanvasColors c = colors();
        int models = picture.values().size();
        int n = picture.tokens().size();
        double content = LEFT + n * (models * BAR + GAP) + 20;
        double width = Math.max(paintWidth(300), content);
        double height = TOP + CHART + 90;
        GraphicsContext g = titled(width, height, picture.title());
        if (models == 0) {
            g.fillText(picture.message() == null ? "" : picture.message(), 10, 44);
            return;
        }
        BarChartFrame.legend(g, c, picture.models(), 30);
        if (picture.changes() != null) {
            g.fillText("gained most: " + names(picture.changes().gained()) + "    lost most: "
                    + names(picture.changes().lost()), 10, 60);
        }
        scale = 0;
        for (float[] v : picture.values()) {
            for (float x : v) {
                scale = Math.max(scale, x);
            }
        }
        BarChartFrame.axis(g, c, LEFT, TOP, CHART, content - 10, scale);
        for (int t = 0; t < n; t++) {
            for (int m = 0; m < models; m++) {
                float v = picture.values().get(m)[t];
                double h = scale > 0 ? CHART * v / scale : 0;
                g.setFill(barColor(m));
                g.fillRect(barX(m, t), TOP + CHART - h, BAR, h);
            }
            g.save();
            g.translate(barX(0, t) + models * BAR / 2.0, TOP + CHART + 8);
            g.rotate(-50);
            g.setFill(c.text());
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(picture.tokens().get(t), 0, 0);
            g.restore();
        }
    }

    private static String names(java.util.List<TokenImportance.Change> changes) {
        if (changes.isEmpty()) {
            return "none";
        }
        return changes.stream().map(ch -> String.format(Locale.ROOT, "%s %+.3f", ch.token(), ch.delta()))
                .collect(Collectors.joining(", "));
    }
}
