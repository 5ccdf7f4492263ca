package dev.tenor.eval.map;

/**
 * Where a map's points land in a panel of {@code width x height} pixels: the points' bounding box scaled by the
 * same factor on both axes (so distances keep their proportions), centred, with {@link #MARGIN} pixels kept
 * free on every side; y grows upwards on the map and downwards on the screen. The workbench's canvas and the
 * PNG export both place points through this, so both show the same picture.
 */
public record MapFrame(double minX, double minY, double scale, double offsetX, double offsetY) {

    /** Free pixels around the points. */
    public static final double MARGIN = 12;

    /** The frame fitting {@code points} into {@code width x height}. */
    public static MapFrame fit(float[][] points, double width, double height) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (float[] p : points) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        if (points.length == 0) {
            minX = minY = 0;
            maxX = maxY = 1;
        }
        double spanX = Math.max(maxX - minX, 1e-9);
        double spanY = Math.max(maxY - minY, 1e-9);
        double innerW = Math.max(width - 2 * MARGIN, 1);
        double innerH = Math.max(height - 2 * MARGIN, 1);
        double scale = Math.min(innerW / spanX, innerH / spanY);
        double offsetX = MARGIN + (innerW - spanX * scale) / 2;
        double offsetY = MARGIN + (innerH - spanY * scale) / 2 + spanY * scale; // the top of the map's box
        return new MapFrame(minX, minY, scale, offsetX, offsetY);
    }

    /** The pixel column of map coordinate {@code x}. */
    public double px(double x) {
        return offsetX + (x - minX) * scale;
    }

    /** The pixel row of map coordinate {@code y}. */
    public double py(double y) {
        return offsetY - (y - minY) * scale;
    }

    /** The point of {@code points} nearest pixel (px, py) among those {@code shown}, within {@code radius}; -1 if none. */
    public int nearest(float[][] points, boolean[] shown, double px, double py, double radius) {
        int best = -1;
        double bestD = radius * radius;
        for (int i = 0; i < points.length; i++) {
            if (shown != null && !shown[i]) {
                continue;
            }
            double dx = px(points[i][0]) - px;
            double dy = py(points[i][1]) - py;
            double d = dx * dx + dy * dy;
            if (d <= bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }
}
