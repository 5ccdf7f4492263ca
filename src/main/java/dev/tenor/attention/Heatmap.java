package dev.tenor.attention;

/**
 * Heat-map rasters of attention matrices as ARGB pixels (one pixel per cell, row-major), drawn in one
 * colour whose opacity follows the value, so the same raster reads on light and dark backgrounds.
 */
public final class Heatmap {

    private Heatmap() {
    }

    /**
     * Values in {@code [0, max]} as {@code rgb} with opacity {@code value / max} (clamped).
     *
     * @param max the value drawn fully opaque; at most 0 gives a transparent raster
     */
    public static int[] sequential(float[][] matrix, float max, int rgb) {
        int n = matrix.length;
        int[] out = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = argb(max > 0 ? matrix[i][j] / max : 0, rgb);
            }
        }
        return out;
    }

    /**
     * Signed values as a diverging map: {@code positiveRgb} for values above zero, {@code negativeRgb}
     * below, opacity {@code |value| / maxAbs}; zero is transparent.
     */
    public static int[] diverging(float[][] matrix, float maxAbs, int negativeRgb, int positiveRgb) {
        int n = matrix.length;
        int[] out = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float v = matrix[i][j];
                float share = maxAbs > 0 ? Math.abs(v) / maxAbs : 0;
                out[i * n + j] = argb(share, v >= 0 ? positiveRgb : negativeRgb);
            }
        }
        return out;
    }

    /** {@code rgb} with opacity {@code share} clamped to [0, 1]. */
    public static int argb(float share, int rgb) {
        float s = Float.isNaN(share) ? 0 : Math.max(0, Math.min(1, share));
        int alpha = Math.round(s * 255);
        return alpha << 24 | (rgb & 0xffffff);
    }
}
