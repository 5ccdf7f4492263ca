package dev.tenor.eval.map;

import dev.tenor.model.SentenceEncoder;

/**
 * How a map is made.
 *
 * @param method the projection
 * @param split which sentences are shown
 * @param seed the projection's seed (UMAP's random numbers; PCA has none)
 * @param neighbours nearest training sentences kept per point (shown on click, written to the CSV)
 * @param batchSize sentences per encoder batch when embeddings are not cached
 * @param useCache read and write the embedding and map caches
 */
public record MapOptions(MapMethod method, MapSplit split, long seed, int neighbours, int batchSize,
        boolean useCache) {

    /** The default seed, as the training recipes use. */
    public static final long DEFAULT_SEED = 42;
    /** Nearest training sentences listed per point. */
    public static final int DEFAULT_NEIGHBOURS = 5;
    /** UMAP of the test sentences, seed 42, caches on. */
    public static final MapOptions DEFAULT = new MapOptions(MapMethod.UMAP, MapSplit.TEST, DEFAULT_SEED,
            DEFAULT_NEIGHBOURS, SentenceEncoder.DEFAULT_BATCH_SIZE, true);

    public MapOptions {
        if (method == null || split == null) {
            throw new IllegalArgumentException("a map needs a method and a split");
        }
        if (neighbours < 1) {
            throw new IllegalArgumentException("neighbours must be at least 1, got " + neighbours);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
    }

    public MapOptions withMethod(MapMethod m) {
        return new MapOptions(m, split, seed, neighbours, batchSize, useCache);
    }

    public MapOptions withSplit(MapSplit s) {
        return new MapOptions(method, s, seed, neighbours, batchSize, useCache);
    }

    public MapOptions withSeed(long s) {
        return new MapOptions(method, split, s, neighbours, batchSize, useCache);
    }

    public MapOptions withCache(boolean use) {
        return new MapOptions(method, split, seed, neighbours, batchSize, use);
    }
}
