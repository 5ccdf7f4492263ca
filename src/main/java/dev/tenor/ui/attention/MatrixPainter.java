package dev.tenor.ui.attention;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.text.TextAlignment;

/** Paints a square matrix raster as cells, with token labels on the left (rows) and on top (columns). */
final class MatrixPainter {

    static final double LABEL_GAP = 6;
    static final double MAX_CELL = 40;

    private MatrixPainter() {
    }

    /** A raster of {@code n x n} ARGB pixels as an image (one pixel per cell). */
    static WritableImage image(int[] argb, int n) {
        WritableImage img = new WritableImage(Math.max(1, n), Math.max(1, n));
        if (n > 0) {
            img.getPixelWriter().setPixels(0, 0, n, n, PixelFormat.getIntArgbInstance(), argb, 0, n);
        }
        return img;
    }

    /** Space the labels take: {@code [left width, top height]}. */
    static double[] labelSpace(List<String> tokens) {
        double w = HeadViewPainter.labelWidth(tokens);
        return new double[] {w + LABEL_GAP, w + LABEL_GAP};
    }

    /**
     * Paints the labelled matrix with its top-left cell at {@code (x0 + left label, y0 + top label)}; returns
     * the cell size used.
     */
    static double paint(GraphicsContext g, double x0, double y0, double maxWidth, List<String> tokens, int[] argb,
                        CanvasColors c) {
        int n = tokens.size();
        double[] space = labelSpace(tokens);
        double cell = cell(tokens, maxWidth);
        double gx = x0 + space[0];
        double gy = y0 + space[1];
        g.setFill(c.grid());
        g.fillRect(gx - 1, gy - 1, cell * n + 2, cell * n + 2);
        g.setFill(c.background());
        g.fillRect(gx, gy, cell * n, cell * n);
        g.setImageSmoothing(false);
        g.drawImage(image(argb, n), gx, gy, cell * n, cell * n);
        g.setFill(c.text());
        g.setFont(HeadViewPainter.FONT);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int i = 0; i < n; i++) {
            g.fillText(tokens.get(i), gx - LABEL_GAP, gy + (i + 0.5) * cell, space[0] - LABEL_GAP);
        }
        g.save();
        g.translate(gx, gy - LABEL_GAP);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.LEFT);
        for (int j = 0; j < n; j++) {
            g.fillText(tokens.get(j), 0, (j + 0.5) * cell, space[1] - LABEL_GAP);
        }
        g.restore();
        return cell;
    }

    /** Height a painted matrix needs. */
    static double height(List<String> tokens, double maxWidth) {
        return labelSpace(tokens)[1] + cell(tokens, maxWidth) * tokens.size() + 10;
    }

    /** Cell size: as large as fits, between 6 and {@link #MAX_CELL} pixels. */
    static double cell(List<String> tokens, double maxWidth) {
        return Math.max(6, Math.min(MAX_CELL, (maxWidth - labelSpace(tokens)[0] - 10) / Math.max(1, tokens.size())));
    }
}
