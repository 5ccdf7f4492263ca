package dev.tenor.ui.attention;

import javafx.scene.paint.Color;

/** The colours an attention canvas paints with, read from the theme's CSS. */
public record CanvasColors(Color background, Color text, Color grid, Color hover, Color positive, Color negative) {

    /** The light theme's colours, used until CSS has been applied. */
    public static final CanvasColors LIGHT = new CanvasColors(Color.WHITE, Color.web("#1d2129"), Color.web("#d5d9e0"),
            Color.web("#fff3c4"), Color.web("#d62728"), Color.web("#1f77b4"));

    /** 0xRRGGBB of a colour, for the core's rasters. */
    public static int rgb(Color c) {
        return (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
                | (int) Math.round(c.getBlue() * 255);
    }
}
