package dev.tenor.eval;

import dev.tenor.TestEnvironment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.data.IntentColumns;
import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.data.IntentExample;
import dev.tenor.data.IntentSplit;
import dev.tenor.io.Json;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation on a slice of MTOP English (500 training, 200 test sentences) with the default model:
 * its exact top-k equal what ONNX Runtime's embeddings give, full-breadth Annoy equals exact search, the
 * second run is served by the cache, unknown labels are counted, progress and cancellation work.
 */
class IntentEvaluationTest {

    static final Path MTOP = Path.of("../shared/data/mtop_intent/en");

    @TempDir
    static Path home;

    static ModelFolder model;
    static IntentDataset slice;
    /** Shared by the tests that do not count cache misses, so the slice is embedded once for them. */
    static EmbeddingCache shared;

    @BeforeAll
    static void setUp() {
        TestEnvironment.needData(MTOP);
        model = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(), ProgressListener.NONE);
        slice = slice(IntentDatasetReader.read(MTOP), 500, 200);
        shared = new EmbeddingCache(home.resolve("cache-shared"));
    }

    /** The first {@code train} training and {@code test} test sentences of {@code d}. */
    static IntentDataset slice(IntentDataset d, int train, int test) {
        return new IntentDataset(d.name() + " slice", d.folder(), d.columns(), cut(d.train(), train),
                cut(d.test(), test), null);
    }

    private static IntentSplit cut(IntentSplit s, int n) {
        return new IntentSplit(s.name(), s.file(), s.sha256(), s.examples().subList(0, n), 0);
    }

    @Test
    void exactTopKEqualsOnnxRuntimeEmbeddingsAndCacheServesTheSecondRun() throws Exception {
        EmbeddingCache cache = new EmbeddingCache(home.resolve("cache-a"));
        IntentEvaluation evaluation = new IntentEvaluation(cache);
        List<String> stages = new ArrayList<>();
        ProgressListener progress = (done, total, message) -> {
            if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(message)) {
                stages.add(message);
            }
        };
        EvaluationReport first = evaluation.evaluate(slice, List.of(IntentEvaluation.Model.of(model)),
                EvaluationOptions.DEFAULT, progress, CancellationToken.NONE);
        assertEquals(1, first.results().size());
        EvaluationResult exact = first.results().get(0);
        assertEquals(IndexKind.EXACT, exact.index());
        assertEquals(200, exact.queries());
        assertEquals(EmbeddingCache.Outcome.MISS, exact.trainCache());
        assertEquals(EmbeddingCache.Outcome.MISS, exact.testCache());
        assertEquals(2, cache.misses());
        assertEquals(List.of("all-MiniLM-L6-v2: hashing model files",
                "all-MiniLM-L6-v2: looking up cached train embeddings",
                "all-MiniLM-L6-v2: loading all-MiniLM-L6-v2",
                "all-MiniLM-L6-v2: embedding 500 train sentences",
                "all-MiniLM-L6-v2: looking up cached test embeddings",
                "all-MiniLM-L6-v2: embedding 200 test sentences",
                "all-MiniLM-L6-v2: exact search"), stages);

        // The same search over the independent ONNX Runtime embeddings.
        float[][] peerTrain = PeerEmbeddings.embed(BuiltinModel.DEFAULT, slice.train().texts(), 64);
        float[][] peerTest = PeerEmbeddings.embed(BuiltinModel.DEFAULT, slice.test().texts(), 64);
        TopKAccuracy peer = TopK.accuracy(ExactSearch.search(peerTrain, peerTest, 3).ids(), slice.train().labels(),
                slice.test().labels(), 3);
        System.out.printf("slice exact top-k: tenor %s, onnx runtime %s%n", exact.topK(), peer);
        for (int k = 1; k <= 3; k++) {
            assertEquals(peer.at(k), exact.top(k), 0.0051, "top-" + k + " (at most one query of 200 may flip)");
        }
        // Pinned: 500 training sentences are a small index, so these sit well below the full set's 0.817.
        assertEquals(exact.topK().correct()[0] / 200.0, exact.top(1), 1e-12);
        assertTrue(exact.top(1) > 0.55 && exact.top(1) < 0.8, exact.topK().toString());
        assertTrue(exact.top(1) <= exact.top(2) && exact.top(2) <= exact.top(3));

        // Second run: both splits from the cache, the encoder never runs, the numbers are the same.
        stages.clear();
        EvaluationReport second = evaluation.evaluate(slice, List.of(IntentEvaluation.Model.of(model)),
                EvaluationOptions.DEFAULT, progress, CancellationToken.NONE);
        EvaluationResult again = second.results().get(0);
        assertEquals(EmbeddingCache.Outcome.HIT, again.trainCache());
        assertEquals(EmbeddingCache.Outcome.HIT, again.testCache());
        assertEquals(2, cache.misses(), "no re-embedding");
        assertEquals(2, cache.hits());
        assertEquals(exact.topK(), again.topK());
        assertFalse(stages.stream().anyMatch(s -> s.contains("loading") || s.contains("embedding ")), stages.toString());

        // A damaged cache entry (here the test split's, the smaller one) is recomputed, not trusted.
        Path testEntry;
        try (Stream<Path> files = Files.list(cache.dir())) {
            testEntry = files.filter(p -> p.toString().endsWith(EmbeddingCache.SUFFIX))
                    .min(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(testEntry);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(testEntry, bytes);
        EvaluationResult third = evaluation.evaluate(slice, List.of(IntentEvaluation.Model.of(model)),
                EvaluationOptions.DEFAULT, ProgressListener.NONE, CancellationToken.NONE).results().get(0);
        assertEquals(EmbeddingCache.Outcome.HIT, third.trainCache());
        assertEquals(EmbeddingCache.Outcome.CORRUPT, third.testCache());
        assertEquals(1, cache.corruptEntries());
        assertEquals(3, cache.misses());
        assertEquals(exact.topK(), third.topK());

        // The JSON report of a real run has the agreed shape.
        JsonNode json = EvaluationReports.json(first);
        assertEquals("mtop_intent/en slice", json.get("dataset").asText());
        JsonNode r = json.get("results").get(0);
        assertEquals("all-MiniLM-L6-v2", r.get("model").asText());
        assertEquals("exact", r.get("index").asText());
        assertEquals(exact.top(1), r.at("/top_k/1").asDouble(), 1e-15);
        assertTrue(r.get("annoy_recall").isNull());
        assertEquals(384, r.get("hidden_size").asInt());
        assertEquals(model.parameterCount(), r.get("parameters").asLong());
        assertEquals(List.of("embed_train", "embed_test", "index_build", "query", "total"),
                iterable(r.get("timings_s").fieldNames()));
        int perLabelQueries = 0;
        for (JsonNode l : r.get("per_label")) {
            perLabelQueries += l.get("queries").asInt();
        }
        assertEquals(200, perLabelQueries);
        assertEquals(r.at("/per_label/0/top_k/1").asDouble(), exact.perLabel().get(0).at(1), 1e-15);
        assertTrue(exact.perLabel().get(0).at(1) <= exact.perLabel().get(exact.perLabel().size() - 1).at(1));
        int wrong = 200 - exact.topK().correct()[0];
        int confused = 0;
        for (LabelConfusion c : exact.confusions()) {
            confused += c.count();
            assertFalse(c.examples().isEmpty());
        }
        assertTrue(confused <= wrong && exact.confusions().size() <= 10);
    }

    @Test
    void fullBreadthAnnoyEqualsExactAndReferenceBreadthRecallsLess() {
        IntentEvaluation evaluation = new IntentEvaluation(shared);
        // search_k = items x trees visits every item: Annoy's answer is exact (up to near ties).
        EvaluationOptions full = EvaluationOptions.DEFAULT.withIndexes(IndexKind.EXACT, IndexKind.ANNOY)
                .withAnnoy(new AnnoySearch.Settings(5, 20, 500 * 5));
        List<EvaluationResult> results = evaluation.evaluate(slice, List.of(IntentEvaluation.Model.of(model)), full,
                ProgressListener.NONE, CancellationToken.NONE).results();
        assertEquals(List.of(IndexKind.EXACT, IndexKind.ANNOY), results.stream().map(EvaluationResult::index).toList());
        EvaluationResult exact = results.get(0);
        EvaluationResult annoy = results.get(1);
        assertNull(exact.annoyRecall());
        assertEquals(new AnnoySearch.Settings(5, 20, 2_500), annoy.annoySettings());
        assertEquals(1.0, annoy.annoyRecall().at(3), 0.005);
        for (int k = 1; k <= 3; k++) {
            assertEquals(exact.top(k), annoy.top(k), 0.0051);
        }
        // The embeddings are shared: the exact and annoy rows report the same embedding times.
        assertEquals(exact.timings().embedTrain(), annoy.timings().embedTrain());

        // Annoy alone, narrow: 5 trees x 3 neighbours = 15 candidates. Annoy's leaves hold up to about
        // dimension + 2 items, so on 500 items even this visits most of them: recall stays high, not perfect.
        EvaluationOptions narrow = EvaluationOptions.DEFAULT.withIndexes(IndexKind.ANNOY)
                .withAnnoy(new AnnoySearch.Settings(5, 3, -1));
        List<EvaluationResult> ref = evaluation.evaluate(slice, List.of(IntentEvaluation.Model.of(model)), narrow,
                ProgressListener.NONE, CancellationToken.NONE).results();
        assertEquals(1, ref.size());
        assertEquals(IndexKind.ANNOY, ref.get(0).index());
        assertEquals(15, ref.get(0).annoySettings().effectiveSearchK());
        assertEquals(EmbeddingCache.Outcome.HIT, ref.get(0).trainCache());
        double recall3 = ref.get(0).annoyRecall().at(3);
        System.out.printf("slice annoy (5 trees, 3 neighbours): recall@3 %.4f%n", recall3);
        assertTrue(recall3 >= 0.9 && recall3 < 1.0, "15 candidates among 500 items: recall@3 " + recall3);
    }

    @Test
    void unknownTestLabelsAreCountedAndNeverRight() {
        List<IntentExample> train = slice.train().examples();
        List<IntentExample> test = new ArrayList<>(slice.test().examples().subList(0, 20));
        test.add(new IntentExample("teleport me to the moon", "TELEPORT"));
        test.add(new IntentExample("beam me up", "TELEPORT"));
        test.add(new IntentExample("what is the airspeed of a swallow", "ASK_SWALLOW"));
        IntentDataset d = new IntentDataset("crafted", slice.folder(), IntentColumns.DEFAULT,
                new IntentSplit("train", slice.train().file(), slice.train().sha256(), train, 0),
                new IntentSplit("test", slice.test().file(), "crafted-test", test, 2), null);
        EvaluationReport report = new IntentEvaluation(shared).evaluate(d,
                List.of(IntentEvaluation.Model.of(model)), EvaluationOptions.DEFAULT, ProgressListener.NONE,
                CancellationToken.NONE);
        assertEquals(java.util.Map.of("ASK_SWALLOW", 1, "TELEPORT", 2), report.dataset().unknownLabels());
        assertEquals(3, report.dataset().unknownQueries());
        assertEquals(List.of("3 test sentences of 2 labels that no training sentence has count as wrong: "
                + "ASK_SWALLOW (1), TELEPORT (2).", "2 blank lines in train.jsonl and test.jsonl were skipped."),
                report.notes());
        EvaluationResult r = report.results().get(0);
        LabelScore teleport = r.perLabel().stream().filter(l -> l.label().equals("TELEPORT")).findFirst().orElseThrow();
        assertFalse(teleport.inIndex());
        assertEquals(0.0, teleport.at(3));
        assertTrue(r.topK().correct()[2] <= 20, "unknown-label queries are never right");
        JsonNode json = EvaluationReports.json(report);
        assertEquals(2, json.at("/dataset_details/unknown_labels/TELEPORT").asInt());
        assertEquals(3, json.at("/dataset_details/unknown_label_queries").asInt());
    }

    @Test
    void queryLimitTakesTheFirstSentencesAndIsCachedApart() {
        IntentEvaluation evaluation = new IntentEvaluation(shared);
        EvaluationReport limited = evaluation.evaluate(slice, List.of(IntentEvaluation.Model.of(model)),
                EvaluationOptions.DEFAULT.withQueryLimit(37), ProgressListener.NONE, CancellationToken.NONE);
        assertEquals(37, limited.results().get(0).queries());
        assertEquals(37, limited.dataset().queries());
        assertEquals(200, limited.dataset().testSentences());
        assertEquals(List.of("Only the first 37 of 200 test sentences were evaluated."), limited.notes());
        assertEquals(EmbeddingCache.Outcome.MISS, limited.results().get(0).testCache());
        EvaluationResult more = evaluation.evaluate(slice, List.of(IntentEvaluation.Model.of(model)),
                EvaluationOptions.DEFAULT.withQueryLimit(41), ProgressListener.NONE, CancellationToken.NONE)
                .results().get(0);
        assertEquals(EmbeddingCache.Outcome.HIT, more.trainCache());
        assertEquals(EmbeddingCache.Outcome.MISS, more.testCache(), "41 queries are another entry than 37");
    }

    @Test
    void cancellationStopsTheEvaluation() {
        CancellationToken cancel = new CancellationToken();
        ProgressListener cancelOnEmbedding = (done, total, message) -> {
            if (message.contains("embedding") && done > 0) {
                cancel.cancel();
            }
        };
        IntentEvaluation evaluation = new IntentEvaluation(shared);
        assertThrows(CancelledException.class, () -> evaluation.evaluate(slice,
                List.of(IntentEvaluation.Model.of(model)), EvaluationOptions.DEFAULT.withCache(false),
                cancelOnEmbedding, cancel));
    }

    @Test
    void optionsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluationOptions.DEFAULT.withIndexes(IndexKind.ANNOY).withMaxK(30));
        assertEquals("k = 30 needs at least 30 Annoy neighbours per query, got 20", e.getMessage());
        assertEquals("k must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> EvaluationOptions.DEFAULT.withMaxK(0)).getMessage());
        assertEquals(List.of(IndexKind.EXACT, IndexKind.ANNOY),
                EvaluationOptions.DEFAULT.withIndexes(IndexKind.ANNOY, IndexKind.EXACT, IndexKind.ANNOY).indexes());
        assertThrows(IllegalArgumentException.class, () -> new IntentEvaluation(null).evaluate(slice, List.of(),
                EvaluationOptions.DEFAULT, ProgressListener.NONE, CancellationToken.NONE));
        IntentEvaluation.Model m = IntentEvaluation.Model.of(model);
        assertEquals("model all-MiniLM-L6-v2 is listed twice", assertThrows(IllegalArgumentException.class,
                () -> new IntentEvaluation(null).evaluate(slice, List.of(m, m), EvaluationOptions.DEFAULT,
                        ProgressListener.NONE, CancellationToken.NONE)).getMessage());
    }

    @Test
    void withoutAnnoyExactSearchIsUsedAndTheReportSaysSo() {
        List<String> notes = new ArrayList<>();
        EvaluationOptions both = EvaluationOptions.DEFAULT.withIndexes(IndexKind.EXACT, IndexKind.ANNOY);
        assertEquals(both, IntentEvaluation.effectiveOptions(both, notes, true, ""));
        assertEquals(List.of(), notes);
        EvaluationOptions annoyOnly = EvaluationOptions.DEFAULT.withIndexes(IndexKind.ANNOY);
        assertEquals(List.of(IndexKind.EXACT),
                IntentEvaluation.effectiveOptions(annoyOnly, notes, false, "no libannoy for windows-aarch64").indexes());
        assertEquals(List.of("Annoy is not available on this platform (no libannoy for windows-aarch64); exact search "
                + "was used instead."), notes);
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
