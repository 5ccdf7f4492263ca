package dev.tenor.ui.attention;

import dev.tenor.attention.AttentionLayer;
import java.util.List;

/**
 * Everything the model view draws: every layer's heads as small maps, or one of them enlarged.
 *
 * @param layers one entry per layer (empty when there is nothing to show; {@code message} says why)
 * @param enlarged the map shown large ({@code [layer, head]}), or null for the grid
 */
public record ModelViewPicture(String title, List<AttentionLayer> layers, int[] enlarged, CanvasColors colors,
                               String message) {

    public ModelViewPicture {
        layers = List.copyOf(layers);
    }

    public int heads() {
        return layers.isEmpty() ? 0 : layers.get(0).headCount();
    }
}
