package dev.tenor.eval.map;

import dev.tenor.eval.EmbeddingCache;
import dev.tenor.eval.Neighbours;
import java.util.List;

/**
 * One model's map of one split: point {@code i} is sentence {@code texts.get(i)} of label
 * {@code labels.get(i)} at {@code points[i] = {x, y}}; {@code nearest.idsOf(i)} are its nearest training
 * sentences (indexes into {@code trainTexts}, closest first, itself left out on a map of the training split).
 * Arrays are shared, not copied: treat them as read-only.
 *
 * @param model the name the model is shown by
 * @param modelHash the model folder's content hash
 * @param options how the map was made
 * @param mapCache whether the projection was read from the cache
 * @param projectSeconds time the projection took (0 when read from the cache)
 */
public record EmbeddingMap(String model, String modelHash, MapOptions options, List<String> texts,
        List<String> labels, float[][] points, Neighbours nearest, List<String> trainTexts, List<String> trainLabels,
        EmbeddingCache.Outcome mapCache, double projectSeconds) {

    public EmbeddingMap {
        if (texts.size() != labels.size() || texts.size() != points.length || texts.size() != nearest.queries()) {
            throw new IllegalArgumentException("a map needs one label, point and neighbour row per sentence: "
                    + texts.size() + " sentences, " + labels.size() + " labels, " + points.length + " points, "
                    + nearest.queries() + " neighbour rows");
        }
    }

    /** Points on the map. */
    public int size() {
        return points.length;
    }

    @Override
    public String toString() {
        return "EmbeddingMap[" + model + ", " + options.method() + ", " + points.length + " points]";
    }
}
