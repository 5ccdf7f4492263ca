package dev.tenor.eval;

import dev.tenor.eval.annoy.AnnoyIndex;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Approximate neighbours through Annoy, shaped like {@link ExactSearch}'s answer (cosine similarities)
 * so the two can be compared. Check {@link AnnoyIndex#isAvailable()} first and fall back to exact search.
 */
public final class AnnoySearch {

    private static final int REPORT_EVERY = 256;
    private static final String QUERY_STAGE = "Annoy queries";

    private AnnoySearch() {
    }

    /**
     * Annoy's knobs: trees built, neighbours asked per query, and {@code searchK} candidates inspected
     * ({@link AnnoyIndex#DEFAULT_SEARCH_K}, i.e. -1, for Annoy's default of neighbours x trees).
     */
    public record Settings(int trees, int neighbours, int searchK) {

        /** The seed scripts' settings: 20 trees, 20 neighbours, default search_k (400). */
        public static final Settings REFERENCE = new Settings(AnnoyIndex.DEFAULT_TREES, 20,
                AnnoyIndex.DEFAULT_SEARCH_K);

        public Settings {
            if (trees < 1) {
                throw new IllegalArgumentException("trees must be at least 1, got " + trees);
            }
            if (neighbours < 1) {
                throw new IllegalArgumentException("neighbours must be at least 1, got " + neighbours);
            }
            if (searchK < 1 && searchK != AnnoyIndex.DEFAULT_SEARCH_K) {
                throw new IllegalArgumentException("search_k must be positive or -1 (default), got " + searchK);
            }
        }

        /** The search_k Annoy actually uses. */
        public int effectiveSearchK() {
            return searchK == AnnoyIndex.DEFAULT_SEARCH_K ? neighbours * trees : searchK;
        }
    }

    /** Builds an index over {@code vectors} (ids = row numbers). The caller closes it. */
    public static AnnoyIndex build(float[][] vectors, int trees, ProgressListener progress,
            CancellationToken cancel) {
        if (vectors.length == 0) {
            throw new IllegalArgumentException("no vectors to index");
        }
        AnnoyIndex index = AnnoyIndex.create(vectors[0].length);
        try {
            for (int i = 0; i < vectors.length; i++) {
                if (i % REPORT_EVERY == 0) {
                    cancel.throwIfCancelled();
                    progress.progress(i, vectors.length, "adding items to Annoy");
                }
                index.add(vectors[i]);
            }
            progress.progress(vectors.length, vectors.length, "building " + trees + " Annoy trees");
            index.build(trees);
            return index;
        } catch (RuntimeException | Error e) {
            index.close();
            throw e;
        }
    }

    /** The neighbours of each query, closest first, with cosine similarities, on all cores. */
    public static Neighbours query(AnnoyIndex index, float[][] queries, int neighbours, int searchK,
            ProgressListener progress, CancellationToken cancel) {
        return query(index, queries, neighbours, searchK, Runtime.getRuntime().availableProcessors(), progress,
                cancel);
    }

    /**
     * As above on {@code threads} threads. Worth it: the Annoy build in annoy4s is compiled without
     * optimisation, so a large search_k costs seconds per hundred queries. Progress is reported from the
     * calling thread, in query order.
     */
    public static Neighbours query(AnnoyIndex index, float[][] queries, int neighbours, int searchK, int threads,
            ProgressListener progress, CancellationToken cancel) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int[][] ids = new int[queries.length][];
        float[][] sims = new float[queries.length][];
        progress.progress(0, queries.length, QUERY_STAGE);
        int blocks = (queries.length + REPORT_EVERY - 1) / REPORT_EVERY;
        int workers = Math.min(threads, Math.max(1, blocks));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "annoy-query");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                int from = b * REPORT_EVERY;
                int to = Math.min(queries.length, from + REPORT_EVERY);
                done.add(pool.submit(() -> {
                    for (int q = from; q < to && !cancel.isCancelled(); q++) {
                        AnnoyIndex.Hits hits = index.query(queries[q], neighbours, searchK);
                        float[] s = new float[hits.size()];
                        for (int j = 0; j < s.length; j++) {
                            s[j] = hits.similarity(j);
                        }
                        ids[q] = hits.ids();
                        sims[q] = s;
                    }
                }));
            }
            for (int b = 0; b < blocks; b++) {
                join(done.get(b));
                cancel.throwIfCancelled();
                progress.progress(Math.min(queries.length, (b + 1) * REPORT_EVERY), queries.length, QUERY_STAGE);
            }
        } finally {
            pool.shutdownNow();
        }
        cancel.throwIfCancelled();
        return new Neighbours(ids, sims);
    }

    private static void join(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Builds, queries and closes in one go with {@code settings}. */
    public static Neighbours search(float[][] vectors, float[][] queries, Settings settings,
            ProgressListener progress, CancellationToken cancel) {
        try (AnnoyIndex index = build(vectors, settings.trees(), progress, cancel)) {
            return query(index, queries, settings.neighbours(), settings.searchK(), progress, cancel);
        }
    }
}
