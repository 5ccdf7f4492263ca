package dev.tenor.ui.attention;

import dev.tenor.attention.AttentionLayer;

/**
 * Everything the head view draws, immutable: one layer's attention, the heads shown, the token under the
 * mouse, the colours and a title. Painting a picture twice gives the same pixels.
 *
 * @param layer null when there is nothing to show (then {@code message} says why)
 * @param heads which heads are shown
 * @param hover the hovered token, or null
 */
public record HeadViewPicture(String title, AttentionLayer layer, boolean[] heads, Hover hover, CanvasColors colors,
                              String message) {

    public static HeadViewPicture empty(String title, String message, CanvasColors colors) {
        return new HeadViewPicture(title, null, new boolean[0], null, colors, message);
    }

    public HeadViewPicture withHover(Hover h) {
        return new HeadViewPicture(title, layer, heads, h, colors, message);
    }

    /** Whether head {@code h} is shown; rollout's single map is always shown. */
    public boolean shows(int h) {
        return layer != null && (layer.headCount() == 1 || h < heads.length && heads[h]);
    }
}
