package dev.tenor.eval;

import dev.tenor.TestEnvironment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.data.IntentColumns;
import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.data.IntentExample;
import dev.tenor.data.IntentSplit;
import dev.tenor.io.BadInputException;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import dev.tenor.train.IntentValidation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationTop1Test {

    @TempDir
    static Path home;

    static IntentDataset mtop;

    @BeforeAll
    static void read() {
        TestEnvironment.needData(IntentEvaluationTest.MTOP);
        mtop = IntentDatasetReader.read(IntentEvaluationTest.MTOP);
    }

    @Test
    void samplesAreFixedByTheSeedCoverEveryLabelAndKeepFileOrder() {
        ValidationTop1 v = new ValidationTop1(mtop);
        assertEquals(ValidationTop1.Settings.DEFAULT, v.settings());
        assertEquals(new ValidationTop1.Settings(4_000, 500, 42, SentenceEncoder.DEFAULT_BATCH_SIZE), v.settings());
        assertEquals(4_000, v.index().size());
        assertEquals(500, v.queries().size());
        assertEquals(mtop.trainLabels(), new HashSet<>(v.index().stream().map(IntentExample::label).toList()),
                "every one of the 113 training labels is in the index");
        assertInOrder(mtop.train().examples(), v.index());
        assertInOrder(mtop.validation().examples(), v.queries());

        ValidationTop1 same = new ValidationTop1(mtop);
        assertEquals(v.index(), same.index());
        assertEquals(v.queries(), same.queries());
        ValidationTop1 other = new ValidationTop1(mtop, new ValidationTop1.Settings(4_000, 500, 7, 64));
        assertNotEquals(v.index(), other.index());
        assertNotEquals(v.queries(), other.queries());

        ValidationTop1 all = new ValidationTop1(mtop, new ValidationTop1.Settings(100_000, 100_000, 42, 64));
        assertEquals(mtop.train().examples(), all.index());
        assertEquals(mtop.validation().examples(), all.queries());
        // Fewer index slots than labels: one sentence each of as many labels as fit.
        ValidationTop1 tiny = new ValidationTop1(mtop, new ValidationTop1.Settings(50, 10, 42, 64));
        assertEquals(50, new HashSet<>(tiny.index().stream().map(IntentExample::label).toList()).size());
    }

    @Test
    void aDatasetWithoutValidationSplitIsRefused() {
        IntentDataset noValidation = new IntentDataset("x", Path.of("/data/x"), IntentColumns.DEFAULT, mtop.train(),
                mtop.test(), null);
        BadInputException e = assertThrows(BadInputException.class, () -> new ValidationTop1(noValidation));
        assertEquals("/data/x: no validation split: training validation needs validation.jsonl (or .csv, .tsv) beside"
                + " train (the test split is kept for the final evaluation)", e.getMessage());
    }

    @Test
    void top1EqualsTheFullEvaluationOnTheSameSample() {
        ModelFolder folder = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(),
                ProgressListener.NONE);
        ValidationTop1 v = new ValidationTop1(mtop, new ValidationTop1.Settings(400, 150, 42, 64));
        double top1;
        long start = System.nanoTime();
        try (SentenceEncoder encoder = SentenceEncoder.open(folder)) {
            IntentValidation validation = v;
            top1 = validation.top1BySet(encoder, CancellationToken.NONE).get(mtop.name());
            assertEquals(List.of(mtop.name()), validation.sets());
            CancellationToken cancelled = new CancellationToken();
            cancelled.cancel();
            assertThrows(CancelledException.class, () -> validation.top1BySet(encoder, cancelled));
        }
        System.out.printf("validation top-1 (400 indexed, 150 queries): %.4f in %.1f s%n", top1,
                (System.nanoTime() - start) / 1e9);
        IntentDataset same = new IntentDataset("sample", mtop.folder(), IntentColumns.DEFAULT,
                new IntentSplit("train", mtop.train().file(), "sample-train", v.index(), 0),
                new IntentSplit("test", mtop.validation().file(), "sample-queries", v.queries(), 0), null);
        EvaluationResult full = new IntentEvaluation(new EmbeddingCache(home.resolve("cache"))).evaluate(same,
                IntentEvaluation.Model.of(folder), EvaluationOptions.DEFAULT.withCache(false).withMaxK(1),
                ProgressListener.NONE, CancellationToken.NONE).get(0);
        assertEquals(full.top(1), top1, 1e-12);
        assertEquals(Math.round(top1 * 150), top1 * 150, 1e-9);
        assertTrue(top1 > 0.5 && top1 < 0.95, "top-1 " + top1);
    }

    private static void assertInOrder(List<IntentExample> all, List<IntentExample> sample) {
        int at = 0;
        for (IntentExample e : sample) {
            while (at < all.size() && all.get(at) != e) {
                at++;
            }
            assertTrue(at < all.size(), "sample is a subsequence of the split, in order");
            at++;
        }
    }
}
