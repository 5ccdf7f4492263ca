package dev.tenor.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.eval.map.EmbeddingMap;
import dev.tenor.eval.map.EmbeddingMaps;
import dev.tenor.eval.map.MapMethod;
import dev.tenor.eval.map.MapOptions;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wall time of the embedding map of MTOP English test (4,386 points) with the built-in model: embeddings
 * first (not part of the map's time), then UMAP cold and from the map cache, then PCA. The target: UMAP
 * under 30 s, and cached after. Run: {@code mvn -q -B -Pbenchmark test -Dtest=EmbeddingMapBenchmark}
 * (add {@code -Dtenor.bench.home=DIR} to keep the embeddings between runs); the numbers are printed to
 * target/surefire-reports/dev.tenor.eval.EmbeddingMapBenchmark-output.txt.
 */
@Tag("benchmark")
class EmbeddingMapBenchmark {

    @TempDir
    Path temp;

    @Test
    void umapOfMtopTestColdAndCached() {
        assumeTrue(Files.isDirectory(IntentEvaluationTest.MTOP), "real data not found");
        String kept = System.getProperty("tenor.bench.home");
        Path home = kept == null ? temp : Path.of(kept);
        TenorPaths paths = new TenorPaths(home);
        ModelFolder model = new ModelStore(paths).resolve(BuiltinModel.DEFAULT.modelName(), ProgressListener.NONE);
        IntentDataset mtop = IntentDatasetReader.read(IntentEvaluationTest.MTOP);
        EmbeddingCache cache = new EmbeddingCache(paths.cache().resolve(EmbeddingCache.FOLDER)); // as tenor uses it
        EmbeddingMaps maps = new EmbeddingMaps(cache);
        IntentEvaluation.Model m = IntentEvaluation.Model.of(model);
        // A fresh seed per run keeps the cold UMAP cold even when the embeddings are kept between runs.
        long seed = System.nanoTime() & 0xffff;
        MapOptions umap = MapOptions.DEFAULT.withSeed(seed);

        long e0 = System.nanoTime();
        EmbeddingMap pca = maps.compute(mtop, m, umap.withMethod(MapMethod.PCA).withCache(true), ProgressListener.NONE,
                CancellationToken.NONE);
        double firstSeconds = (System.nanoTime() - e0) / 1e9;

        long c0 = System.nanoTime();
        EmbeddingMap cold = maps.compute(mtop, m, umap, ProgressListener.NONE, CancellationToken.NONE);
        double coldSeconds = (System.nanoTime() - c0) / 1e9;
        long w0 = System.nanoTime();
        EmbeddingMap warm = maps.compute(mtop, m, umap, ProgressListener.NONE, CancellationToken.NONE);
        double warmSeconds = (System.nanoTime() - w0) / 1e9;

        assertEquals(4_386, cold.size());
        assertEquals(EmbeddingCache.Outcome.MISS, cold.mapCache());
        assertEquals(EmbeddingCache.Outcome.HIT, warm.mapCache());
        for (int i = 0; i < cold.size(); i++) {
            assertArrayEquals(cold.points()[i], warm.points()[i]);
        }
        System.out.printf("PCA map (with the embeddings, read or computed): %.1f s, projection %.2f s%n",
                firstSeconds, pca.projectSeconds());
        System.out.printf("UMAP map of %,d MTOP test sentences, seed %d: %.1f s (projection %.1f s)%n",
                cold.size(), seed, coldSeconds, cold.projectSeconds());
        System.out.printf("UMAP map again, from the map cache: %.2f s%n", warmSeconds);
        System.out.printf("load average: %s%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }
}
