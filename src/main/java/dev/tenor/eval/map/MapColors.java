package dev.tenor.eval.map;

import dev.tenor.attention.HeadColors;
import java.awt.Color;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One colour per intent, the same on every map drawn together: labels are ordered by name over all maps, the
 * first twenty take the category palette of {@link HeadColors}, the rest hues spaced by the golden angle
 * (MTOP has over a hundred intents; no palette keeps them all apart, so the label filter does the rest).
 */
public final class MapColors {

    private static final int NAMED = 20;
    private static final float GOLDEN_ANGLE = 0.381966f;

    private final Map<String, Integer> rgb;

    private MapColors(Map<String, Integer> rgb) {
        this.rgb = rgb;
    }

    /** Colours for every label of {@code maps}. */
    public static MapColors of(Collection<EmbeddingMap> maps) {
        TreeSet<String> labels = new TreeSet<>();
        maps.forEach(m -> labels.addAll(m.labels()));
        return ofLabels(labels);
    }

    /** Colours for {@code labels}, in their sorted order. */
    public static MapColors ofLabels(Collection<String> labels) {
        Map<String, Integer> out = new LinkedHashMap<>();
        int i = 0;
        for (String label : new TreeSet<>(labels)) {
            out.put(label, colour(i++));
        }
        return new MapColors(out);
    }

    /** The {@code i}-th colour as 0xRRGGBB. */
    static int colour(int i) {
        if (i < NAMED) {
            return HeadColors.rgb(i);
        }
        float hue = ((i - NAMED) * GOLDEN_ANGLE) % 1f;
        float brightness = (i % 3 == 0) ? 0.62f : (i % 3 == 1) ? 0.8f : 0.94f;
        return Color.HSBtoRGB(hue, 0.75f, brightness) & 0xffffff;
    }

    /** The label's colour as 0xRRGGBB (grey for a label these colours were not made for). */
    public int rgb(String label) {
        return rgb.getOrDefault(label, 0x808080);
    }

    /** The labels, sorted, each with its colour. */
    public Map<String, Integer> all() {
        return java.util.Collections.unmodifiableMap(rgb);
    }
}
