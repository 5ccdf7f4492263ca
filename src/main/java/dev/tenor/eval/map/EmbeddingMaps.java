package dev.tenor.eval.map;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentSplit;
import dev.tenor.eval.EmbeddingCache;
import dev.tenor.eval.ExactSearch;
import dev.tenor.eval.IntentEvaluation;
import dev.tenor.eval.Neighbours;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Makes embedding maps. Embeddings come from the evaluation's {@link EmbeddingCache} (the same keys, so a
 * model already evaluated is not run again), and finished projections from a cache of their own beside it
 * ({@code <cache>/maps}), keyed by the embeddings' entry and the method, seed and projector version: the same
 * model, data, method and seed give the same map, computed once.
 *
 * <p>Cancellation is checked between stages and encoder batches, and stops UMAP's child process; PCA (a few
 * seconds) runs to its end once started.
 */
public final class EmbeddingMaps {

    /** Sub-folder of the data cache holding the maps, beside {@link EmbeddingCache#FOLDER}. */
    public static final String FOLDER = "maps";

    private final EmbeddingCache embeddings;
    private final EmbeddingCache maps;

    /** Reads and stores embeddings in {@code embeddings}, maps in its sibling folder {@link #FOLDER}. */
    public EmbeddingMaps(EmbeddingCache embeddings) {
        this.embeddings = embeddings;
        this.maps = new EmbeddingCache(embeddings.dir().resolveSibling(FOLDER));
    }

    /** With this Tenor home's caches. */
    public static EmbeddingMaps withDefaultCache() {
        return new EmbeddingMaps(EmbeddingCache.current());
    }

    /** Map lookups served from disk so far. */
    public int mapHits() {
        return maps.hits();
    }

    /** The map of {@code model} on {@code dataset}. */
    public EmbeddingMap compute(IntentDataset dataset, IntentEvaluation.Model model, MapOptions options,
            ProgressListener progress, CancellationToken cancel) {
        cancel.throwIfCancelled();
        ModelFolder folder = model.folder();
        IntentSplit train = dataset.train();
        IntentSplit shown = options.split() == MapSplit.TEST ? dataset.test() : train;
        if (shown.size() < 3) {
            throw new IllegalArgumentException("the " + shown.name() + " split of " + dataset.name() + " has "
                    + shown.size() + " sentences; a map needs at least 3");
        }
        SentenceEncoder[] encoder = new SentenceEncoder[1];
        try {
            progress.progress(0, -1, "hashing model files");
            String modelHash = embeddings.modelHash(folder);
            EmbeddingCache.Key shownKey = new EmbeddingCache.Key(modelHash, folder.settings(), shown.sha256(),
                    EmbeddingCache.textsSha256(shown.texts()));
            float[][] shownVectors = embed(folder, encoder, shownKey, shown, options, progress, cancel);
            float[][] trainVectors = shown == train ? shownVectors
                    : embed(folder, encoder, embeddingKey(modelHash, folder, train), train, options, progress, cancel);
            if (encoder[0] != null) {
                encoder[0].close(); // free the weights before the projection takes memory
                encoder[0] = null;
            }
            cancel.throwIfCancelled();

            String projection = String.format(Locale.ROOT, "projection:%s seed:%d %s", options.method(),
                    options.seed(), SmileProjector.VERSION);
            EmbeddingCache.Key mapKey = new EmbeddingCache.Key(shownKey.id(), folder.settings(), projection,
                    shownKey.textsSha256());
            String stage = String.format(Locale.ROOT, "%s of %,d %s sentences", options.method(), shown.size(),
                    shown.name());
            progress.progress(0, -1, stage);
            long p0 = System.nanoTime();
            EmbeddingCache.Embedder projector = t -> SmileProjector.project(shownVectors, options.method(),
                    options.seed(), cancel);
            EmbeddingCache.Lookup points = options.useCache() ? maps.get(mapKey, shown.texts(), projector)
                    : new EmbeddingCache.Lookup(projector.embed(shown.texts()), EmbeddingCache.Outcome.BYPASSED);
            double projectSeconds = points.outcome() == EmbeddingCache.Outcome.HIT ? 0
                    : (System.nanoTime() - p0) / 1e9;
            progress.progress(1, 1, stage);
            cancel.throwIfCancelled();

            Neighbours nearest = nearestTraining(trainVectors, shownVectors, options.neighbours(), shown == train,
                    progress, cancel);
            return new EmbeddingMap(model.name(), modelHash, options, shown.texts(), shown.labels(), points.vectors(),
                    nearest, train.texts(), train.labels(), points.outcome(), projectSeconds);
        } finally {
            if (encoder[0] != null) {
                encoder[0].close();
            }
        }
    }

    private static EmbeddingCache.Key embeddingKey(String modelHash, ModelFolder folder, IntentSplit split) {
        return new EmbeddingCache.Key(modelHash, folder.settings(), split.sha256(),
                EmbeddingCache.textsSha256(split.texts()));
    }

    private float[][] embed(ModelFolder folder, SentenceEncoder[] encoder, EmbeddingCache.Key key,
            IntentSplit split, MapOptions options, ProgressListener progress, CancellationToken cancel) {
        String stage = String.format(Locale.ROOT, "embedding %,d %s sentences", split.size(), split.name());
        EmbeddingCache.Embedder embedder = texts -> {
            if (encoder[0] == null) {
                progress.progress(0, -1, "loading " + folder.name());
                encoder[0] = SentenceEncoder.open(folder);
            }
            return encoder[0].encode(texts, options.batchSize(),
                    (done, total, msg) -> progress.progress(done, total, stage), cancel);
        };
        if (!options.useCache()) {
            return embedder.embed(split.texts());
        }
        progress.progress(0, -1, "looking up cached " + split.name() + " embeddings");
        return embeddings.get(key, split.texts(), embedder).vectors();
    }

    /** Each shown sentence's nearest training sentences; on the training split, itself left out. */
    static Neighbours nearestTraining(float[][] train, float[][] shown, int k, boolean sameSplit,
            ProgressListener progress, CancellationToken cancel) {
        try (ExactSearch search = new ExactSearch(train)) {
            Neighbours found = search.search(shown, sameSplit ? k + 1 : k,
                    (done, total, msg) -> progress.progress(done, total, "nearest training sentences"), cancel);
            if (!sameSplit) {
                return found;
            }
            int[][] ids = new int[shown.length][];
            float[][] sims = new float[shown.length][];
            for (int q = 0; q < shown.length; q++) {
                int[] row = found.idsOf(q);
                float[] rowSims = found.similarities()[q];
                int[] keepIds = new int[Math.min(k, row.length)];
                float[] keepSims = new float[keepIds.length];
                int n = 0;
                for (int j = 0; j < row.length && n < keepIds.length; j++) {
                    if (row[j] != q) {
                        keepIds[n] = row[j];
                        keepSims[n++] = rowSims[j];
                    }
                }
                ids[q] = Arrays.copyOf(keepIds, n);
                sims[q] = Arrays.copyOf(keepSims, n);
            }
            return new Neighbours(ids, sims);
        }
    }
}
