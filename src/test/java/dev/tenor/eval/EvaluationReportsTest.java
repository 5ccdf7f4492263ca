package dev.tenor.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.Json;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report formats, pinned on a hand-made report: JSON against a golden file, CSV, Markdown and the table. */
class EvaluationReportsTest {

    @TempDir
    Path dir;

    static EvaluationReport report() {
        DatasetSummary data = new DatasetSummary("demo/en", Path.of("/data/demo/en"), "d5a1", 6, 5, 4, 3, 3,
                Map.of("UNSEEN", 1), 1);
        EvaluationOptions options = EvaluationOptions.DEFAULT.withIndexes(IndexKind.EXACT, IndexKind.ANNOY).withMaxK(2);
        SentenceSettings settings = new SentenceSettings(256, Pooling.MEAN, true, "");
        List<LabelScore> perLabel = List.of(
                new LabelScore("UNSEEN", 1, false, new int[] {0, 0}),
                new LabelScore("CALL", 2, true, new int[] {1, 2}),
                new LabelScore("ALARM", 1, true, new int[] {1, 1}));
        List<LabelConfusion> confusions = List.of(new LabelConfusion("CALL", "ALARM", 1,
                List.of(new LabelConfusion.Example("ring \"Bob\", now | please", "wake me at 7"))));
        EvaluationResult exact = new EvaluationResult("all-MiniLM-L6-v2", Path.of("/models/all-MiniLM-L6-v2"), "m5",
                IndexKind.EXACT, 384, 22_565_376, settings, null, 4, new TopKAccuracy(4, new int[] {2, 3}), null,
                new Timings(1.5, 0.25, 0.125, 0.0625), EmbeddingCache.Outcome.MISS, EmbeddingCache.Outcome.HIT,
                perLabel, confusions);
        EvaluationResult annoy = new EvaluationResult("all-MiniLM-L6-v2", Path.of("/models/all-MiniLM-L6-v2"), "m5",
                IndexKind.ANNOY, 384, 22_565_376, settings, AnnoySearch.Settings.REFERENCE, 4,
                new TopKAccuracy(4, new int[] {3, 3}), new RecallAtK(4, new double[] {0.75, 0.875}),
                new Timings(1.5, 0.25, 2.5, 1.25), EmbeddingCache.Outcome.MISS, EmbeddingCache.Outcome.HIT, perLabel,
                List.of());
        return new EvaluationReport(data, options, List.of(exact, annoy),
                List.of("1 test sentence of 1 label that no training sentence has count as wrong: UNSEEN (1)."),
                Instant.parse("2025-01-02T03:04:05Z"));
    }

    @Test
    void jsonMatchesTheGoldenFile() throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/eval/golden-report.json")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String json = Json.pretty(EvaluationReports.json(report())) + "\n";
        assertEquals(golden, json);
        // The agreed top-level shape, read back as a consumer would.
        JsonNode n = Json.MAPPER.readTree(json);
        assertEquals("demo/en", n.get("dataset").asText());
        assertEquals(0.5, n.at("/results/0/top_k/1").asDouble());
        assertEquals(0.75, n.at("/results/0/top_k/2").asDouble());
        assertTrue(n.at("/results/0/annoy_recall").isNull());
        assertEquals(0.875, n.at("/results/1/annoy_recall/2").asDouble());
        assertEquals("annoy", n.at("/results/1/index").asText());
        assertEquals(5.5, n.at("/results/1/timings_s/total").asDouble());
        assertEquals("UNSEEN", n.at("/results/0/per_label/0/label").asText());
    }

    @Test
    void csvHasOneLinePerResult() {
        assertEquals("dataset,model,index,hidden_size,parameters,queries,top_1,top_2,annoy_recall_1,annoy_recall_2,"
                + "trees,neighbours,search_k,embed_train_s,embed_test_s,index_build_s,query_s,total_s,train_cache,"
                + "test_cache,model_folder\n"
                + "demo/en,all-MiniLM-L6-v2,exact,384,22565376,4,0.5,0.75,,,,,,1.500,0.250,0.125,0.063,1.938,miss,hit,"
                + "/models/all-MiniLM-L6-v2\n"
                + "demo/en,all-MiniLM-L6-v2,annoy,384,22565376,4,0.75,0.75,0.75,0.875,20,20,400,1.500,0.250,2.500,"
                + "1.250,5.500,miss,hit,/models/all-MiniLM-L6-v2\n", EvaluationReports.csv(report()));
    }

    @Test
    void printedTableHasOneRowPerModelAndIndex() {
        assertEquals("""
                model             index  hidden  parameters   top-1   top-2  recall@2  query s
                all-MiniLM-L6-v2  exact     384       22.6M  0.5000  0.7500         -     0.06
                all-MiniLM-L6-v2  annoy     384       22.6M  0.7500  0.7500    0.8750     1.25
                """, EvaluationReports.table(report()));
        assertEquals("Intent retrieval on demo/en: 6 training sentences indexed, 4 test queries; exact = cosine, all "
                + "training sentences (ground truth); annoy = angular, 20 trees, 20 neighbours, search_k default (400)",
                EvaluationReports.heading(report()));
    }

    @Test
    void markdownHasTheComparisonNotesLabelsAndConfusions() {
        String md = EvaluationReports.markdown(report());
        assertTrue(md.startsWith("# Intent retrieval: demo/en\n\n- Dataset: `/data/demo/en` (sha256 `d5a1`): 6 training "
                + "sentences (3 labels) indexed, 4 of 5 test sentences queried (3 labels).\n"), md);
        assertTrue(md.contains("""
                | Model | Index | Hidden size | Parameters | Top-1 | Top-2 | Annoy recall@2 | Query time (s) |
                |---|---|---:|---:|---:|---:|---:|---:|
                | all-MiniLM-L6-v2 | exact | 384 | 22.6M | 0.5000 | 0.7500 | - | 0.06 |
                | all-MiniLM-L6-v2 | annoy | 384 | 22.6M | 0.7500 | 0.7500 | 0.8750 | 1.25 |
                """), md);
        assertTrue(md.contains("## Notes\n\n- 1 test sentence of 1 label that no training sentence has count as wrong: "
                + "UNSEEN (1).\n"), md);
        assertTrue(md.contains("- Timings: embedding train 1.50 s (computed, now cached), test 0.25 s (cached); index "
                + "build 2.50 s; queries 1.25 s.\n- Annoy recall against exact search: @1 0.7500, @2 0.8750.\n"), md);
        assertTrue(md.contains("| UNSEEN (not in train) | 1 | 0.0000 | 0.0000 |\n| CALL | 2 | 0.5000 | 1.0000 |\n"), md);
        assertTrue(md.contains("| CALL | ALARM | 1 | \"ring \"Bob\", now \\| please\" → \"wake me at 7\" |\n"), md);
        assertEquals(1, md.split("### Most confused", -1).length - 1, "the annoy result has no confusions to list");
    }

    @Test
    void writesTheThreeFilesAtomically() throws IOException {
        Path out = dir.resolve("out");
        List<Path> files = EvaluationReports.write(report(), out);
        assertEquals(List.of(out.resolve("report.json"), out.resolve("report.csv"), out.resolve("report.md")), files);
        assertEquals(EvaluationReports.csv(report()), Files.readString(out.resolve("report.csv")));
        assertEquals(EvaluationReports.markdown(report()), Files.readString(out.resolve("report.md")));
        assertEquals("demo/en", Json.read(out.resolve("report.json")).get("dataset").asText());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(3, s.count(), "no temporary files left");
        }
    }
}
