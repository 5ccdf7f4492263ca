package dev.tenor.ui.attention;

import dev.tenor.attention.AttentionLayer;

/**
 * The difference view's content: trained minus base for one layer, the heads averaged as chosen.
 *
 * @param difference null when there is nothing to show ({@code message} says why)
 * @param heads which heads are averaged
 * @param what a description of the heads, e.g. "head 3" or "mean of 12 heads"
 */
public record DifferencePicture(String title, AttentionLayer difference, boolean[] heads, String what,
                                CanvasColors colors, String message) {
}
