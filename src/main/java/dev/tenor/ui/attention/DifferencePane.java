package dev.tenor.ui.attention;

import dev.tenor.attention.AttentionMath;
import dev.tenor.attention.Heatmap;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** The difference view: trained minus base as a labelled heat map in diverging colours, with a legend. */
public final class DifferencePane extends PicturePane<DifferencePicture> {

    /** Differences up to this size are drawn as if this were the largest, so noise does not look like signal. */
    static final float MIN_SCALE = 0.05f;

    private float scale;

    public DifferencePane(String id) {
        super(id);
    }

    /** The absolute difference drawn fully saturated in the last paint. */
    public float scale() {
        return scale;
    }

    @Override
    protected void paint(DifferencePicture picture) {
        CanvasColors c = colors();
        double width = paintWidth(300);
        double maxWidth = Math.min(width - 20, 900);
        double height = picture.difference() == null ? 80
                : 84 + MatrixPainter.height(picture.difference().tokens(), maxWidth);
        GraphicsContext g = titled(width, height, picture.title());
        if (picture.difference() == null) {
            g.fillText(picture.message() == null ? "" : picture.message(), 10, 44);
            return;
        }
        float[][] m = picture.difference().mean(picture.heads());
        float max = AttentionMath.maxAbs(m);
        scale = Math.max(MIN_SCALE, max);
        g.fillText(picture.what() + "; largest change " + String.format(java.util.Locale.ROOT, "%+.3f",
                signedMax(m)), 10, 40);
        legend(g, c, 10, 58);
        MatrixPainter.paint(g, 10, 84, maxWidth, picture.difference().tokens(),
                Heatmap.diverging(m, scale, CanvasColors.rgb(c.negative()), CanvasColors.rgb(c.positive())), c);
    }

    private void legend(GraphicsContext g, CanvasColors c, double x, double y) {
        double w = 160;
        for (int i = 0; i < w; i++) {
            double v = (i / (w - 1)) * 2 - 1;
            Color base = v < 0 ? c.negative() : c.positive();
            g.setFill(c.background());
            g.fillRect(x + i, y, 1, 12);
            g.setFill(new Color(base.getRed(), base.getGreen(), base.getBlue(), Math.abs(v)));
            g.fillRect(x + i, y, 1, 12);
        }
        g.setFill(c.text());
        g.fillText(String.format(java.util.Locale.ROOT, "from %+.2f (less attention after training, blue) to %+.2f "
                + "(more, red)", -scale, scale), x + w + 10, y + 6);
    }

    private static float signedMax(float[][] m) {
        float best = 0;
        for (float[] row : m) {
            for (float v : row) {
                if (Math.abs(v) > Math.abs(best)) {
                    best = v;
                }
            }
        }
        return best;
    }
}
