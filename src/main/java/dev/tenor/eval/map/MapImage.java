package dev.tenor.eval.map;

import dev.tenor.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Maps drawn side by side into one image (headless AWT, so the command line can write a PNG without a
 * window): one panel of {@code panelWidth x panelHeight} per map, its title above, points as discs of
 * radius {@link #POINT_RADIUS} in their intent's colour. The workbench draws its canvases with the same
 * {@link MapFrame}, radius and colours.
 */
public final class MapImage {

    /** Radius of a point, in pixels. */
    public static final double POINT_RADIUS = 2.5;
    /** Height of the title strip above each panel. */
    public static final int TITLE_HEIGHT = 24;
    /** Default panel size. */
    public static final int PANEL_WIDTH = 640;
    public static final int PANEL_HEIGHT = 560;

    private MapImage() {
    }

    /** The panel's title: model, method and point count. */
    public static String title(EmbeddingMap map) {
        return String.format(Locale.ROOT, "%s: %s of %,d %s sentences", map.model(),
                map.options().method().name(), map.size(), map.options().split().name().toLowerCase(Locale.ROOT));
    }

    /** {@code maps} side by side, showing only points whose label is in {@code shown} (null: all). */
    public static BufferedImage draw(List<EmbeddingMap> maps, MapColors colors, Set<String> shown, int panelWidth,
            int panelHeight) {
        BufferedImage image = new BufferedImage(panelWidth * Math.max(1, maps.size()), panelHeight + TITLE_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            for (int m = 0; m < maps.size(); m++) {
                EmbeddingMap map = maps.get(m);
                int left = m * panelWidth;
                g.setColor(Color.DARK_GRAY);
                g.drawString(title(map), left + (float) MapFrame.MARGIN, TITLE_HEIGHT - 7f);
                MapFrame frame = MapFrame.fit(map.points(), panelWidth, panelHeight);
                double r = POINT_RADIUS;
                for (int i = 0; i < map.size(); i++) {
                    String label = map.labels().get(i);
                    if (shown != null && !shown.contains(label)) {
                        continue;
                    }
                    float[] p = map.points()[i];
                    g.setColor(new Color(colors.rgb(label)));
                    g.fill(new Ellipse2D.Double(left + frame.px(p[0]) - r, TITLE_HEIGHT + frame.py(p[1]) - r,
                            2 * r, 2 * r));
                }
                if (m > 0) {
                    g.setColor(Color.LIGHT_GRAY);
                    g.setStroke(new BasicStroke(1f));
                    g.drawLine(left, 0, left, image.getHeight());
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes {@code image} as a PNG, atomically. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.writeBytes(file, png(image));
    }

    /** {@code image} encoded as PNG. */
    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
