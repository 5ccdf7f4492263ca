package dev.tenor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.Json;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.model.hub.FakeHubServer;
import dev.tenor.model.hub.HubClient;
import dev.tenor.model.hub.HubDatasets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tenor evaluate} end to end with a tiny random model, and its errors on bad input. */
class EvaluateCommandTest {

    @TempDir
    static Path shared;

    static Path tiny;

    @TempDir
    Path dir;

    private String out;
    private String err;

    @BeforeAll
    static void model() throws IOException {
        tiny = shared.resolve("tiny");
        TinyModels.write(tiny, new SentenceSettings(128, Pooling.MEAN, true, ""), 11);
    }

    @BeforeEach
    void home() {
        System.setProperty("tenor.home", dir.resolve("home").toString());
        System.setProperty("tenor.shared.data", dir.resolve("shared-data").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("tenor.home");
        System.clearProperty("tenor.shared.data");
        System.clearProperty(HubClient.ENDPOINT_PROPERTY);
    }

    private int run(String... args) {
        CommandRun r = CommandRun.picocli(args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    /** Train: 3 labels x 4 sentences. Test: 5 sentences, one of a label train lacks, after a blank line. */
    static Path dataset(Path folder) throws IOException {
        Files.createDirectories(folder);
        StringBuilder train = new StringBuilder("text,label\n");
        String[][] rows = {
                {"wake me up at seven", "ALARM"}, {"set an alarm for 6 am", "ALARM"}, {"alarm at noon please", "ALARM"},
                {"cancel my alarm", "ALARM"},
                {"call mom", "CALL"}, {"ring Bob on his mobile", "CALL"}, {"phone the office", "CALL"},
                {"\"dial 911, now\"", "CALL"},
                {"will it rain today", "WEATHER"}, {"weather in Paris", "WEATHER"}, {"is it cold outside", "WEATHER"},
                {"forecast for tomorrow", "WEATHER"}};
        for (String[] r : rows) {
            train.append(r[0]).append(',').append(r[1]).append('\n');
        }
        Files.writeString(folder.resolve("train.csv"), train, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("test.jsonl"), """
                {"text": "set my alarm for 5", "label_text": "ALARM"}
                {"text": "call dad", "label_text": "CALL"}

                {"text": "how hot is it", "label_text": "WEATHER"}
                {"text": "rain tomorrow?", "label_text": "WEATHER"}
                {"text": "play some jazz", "label_text": "PLAY_MUSIC"}
                """, StandardCharsets.UTF_8);
        return folder;
    }

    @Test
    void evaluatesWritesReportsAndUsesTheCacheTheSecondTime() throws IOException {
        Path data = dataset(dir.resolve("intents"));
        Path reports = dir.resolve("reports");

        assertEquals(0, run("evaluate", "--model", tiny.toString(), "--dataset", data.toString(), "--index", "both",
                "--trees", "3", "--k", "2", "--out", reports.toString()), err);

        String[] lines = out.split("\n");
        assertEquals("Intent retrieval on intents: 12 training sentences indexed, 5 test queries; exact = cosine, all "
                + "training sentences (ground truth); annoy = angular, 3 trees, 20 neighbours, search_k default (60)",
                lines[0]);
        assertEquals("", lines[1]);
        assertEquals("model  index  hidden  parameters   top-1   top-2  recall@2  query s", lines[2]);
        JsonNode json = Json.read(reports.resolve("report.json"));
        JsonNode exact = json.at("/results/0");
        JsonNode annoy = json.at("/results/1");
        assertTrue(lines[3].startsWith(String.format(Locale.ROOT, "tiny   exact      32        1.0M  %.4f  %.4f         -",
                exact.at("/top_k/1").asDouble(), exact.at("/top_k/2").asDouble())), lines[3]);
        assertTrue(lines[4].startsWith(String.format(Locale.ROOT, "tiny   annoy      32        1.0M  %.4f  %.4f    %.4f",
                annoy.at("/top_k/1").asDouble(), annoy.at("/top_k/2").asDouble(),
                annoy.at("/annoy_recall/2").asDouble())), lines[4]);
        assertEquals("note: 1 test sentence of 1 label that no training sentence has count as wrong: PLAY_MUSIC (1).",
                lines[5]);
        assertEquals("note: 1 blank line in train.csv and test.jsonl were skipped.", lines[6]);
        assertEquals("wrote " + reports.resolve("report.json") + ", " + reports.resolve("report.csv") + ", "
                + reports.resolve("report.md"), lines[7]);
        assertEquals(8, lines.length);

        assertEquals("intents", json.get("dataset").asText());
        assertEquals(1, json.at("/dataset_details/unknown_labels/PLAY_MUSIC").asInt());
        assertEquals("exact", exact.get("index").asText());
        assertEquals("annoy", annoy.get("index").asText());
        assertEquals(3, annoy.at("/index_settings/trees").asInt());
        assertEquals("miss", exact.at("/embedding_cache/train").asText());
        // All 4 alarm/call/weather queries are right at k = 2 at best; PLAY_MUSIC never is.
        assertTrue(exact.at("/correct_at_k/1").asInt() <= 4);
        assertEquals(3, Files.readAllLines(reports.resolve("report.csv")).size());
        assertTrue(Files.readString(reports.resolve("report.md")).contains("| PLAY_MUSIC (not in train) | 1 |"));
        Path cacheDir = dir.resolve("home/data/cache/embeddings");
        assertTrue(Files.isRegularFile(cacheDir.resolve("model-file-hashes.json")));

        assertEquals(0, run("evaluate", "-m", tiny.toString(), "-d", data.toString(), "--index", "both", "--trees", "3",
                "--k", "2", "--out", reports.toString()), err);
        JsonNode again = Json.read(reports.resolve("report.json"));
        assertEquals("hit", again.at("/results/0/embedding_cache/train").asText());
        assertEquals("hit", again.at("/results/0/embedding_cache/test").asText());
        assertEquals(exact.get("top_k"), again.at("/results/0/top_k"));
    }

    @Test
    void withoutDatasetTheSharedMtopCopyIsUsed() throws IOException {
        assertEquals(1, run("evaluate", "--model", tiny.toString()));
        assertEquals("tenor: no --dataset given and no shared MTOP copy at "
                + dir.resolve("shared-data/mtop_intent/en") + "; give a dataset folder, or mteb/mtop_intent to "
                + "download it\n", err);
        dataset(dir.resolve("shared-data/mtop_intent/en"));
        assertEquals(0, run("evaluate", "--model", tiny.toString()), err);
        assertTrue(out.startsWith("Intent retrieval on mtop_intent/en: 12 training sentences indexed, 5 test queries; "
                + "exact = cosine"), out);
    }

    @Test
    void aHubIdThatIsNoFolderIsDownloaded() throws IOException {
        Path repo = dir.resolve("hub-repo");
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            (i < 21 ? train : test).append("{\"text\": \"sentence number ").append(i).append("\", \"label\": ")
                    .append(i % 3).append(", \"label_text\": \"INTENT_").append(i % 3).append("\"}\n");
        }
        Files.createDirectories(repo.resolve("en"));
        Files.writeString(repo.resolve("en/train.jsonl"), train);
        Files.writeString(repo.resolve("en/test.jsonl"), test);
        try (FakeHubServer hub = FakeHubServer.start()) {
            hub.addDataset(HubDatasets.MTOP_INTENT_REPO, HubDatasets.MTOP_INTENT_REVISION, repo);
            System.setProperty(HubClient.ENDPOINT_PROPERTY, hub.endpoint().toString());

            assertEquals(0, run("evaluate", "--model", tiny.toString(), "--dataset", "mteb/mtop_intent"), err);

            assertTrue(out.startsWith("Intent retrieval on mteb--mtop_intent/en: 21 training sentences indexed, 9 test "
                    + "queries"), out);
            assertTrue(err.contains("dataset mteb/mtop_intent (en, revision " + HubDatasets.MTOP_INTENT_REVISION
                    + ") -> " + dir.resolve("home/data/hub/mteb--mtop_intent/en")), err);
            assertTrue(Files.isRegularFile(dir.resolve("home/data/hub/mteb--mtop_intent/en/train.jsonl")));

            assertEquals(1, run("evaluate", "--model", tiny.toString(), "--dataset", "nobody/nothing"));
            assertTrue(err.contains("tenor: dataset nobody/nothing: no such folder, and downloading it from the Hub "
                    + "failed: "), err);
        }
    }

    @Test
    void badDatasetsGiveClearErrors() throws IOException {
        Path noTrain = dir.resolve("no-train");
        Files.createDirectories(noTrain.resolve("en"));
        Files.writeString(noTrain.resolve("test.jsonl"), "{\"text\": \"a\", \"label_text\": \"A\"}\n");
        assertEquals(1, run("evaluate", "--model", tiny.toString(), "--dataset", noTrain.toString()));
        assertEquals("tenor: " + noTrain + ": no train split: expected train.jsonl, train.csv or train.tsv (or .json, "
                + ".gz); it has the folders en: is the dataset in one of them?\n", err);

        Path noTest = dir.resolve("no-test");
        Files.createDirectories(noTest);
        Files.writeString(noTest.resolve("train.jsonl"), "{\"text\": \"a\", \"label_text\": \"A\"}\n");
        assertEquals(1, run("evaluate", "--model", tiny.toString(), "--dataset", noTest.toString()));
        assertEquals("tenor: " + noTest + ": no test split: expected test.jsonl, test.csv or test.tsv (or .json, "
                + ".gz)\n", err);

        Path noText = dir.resolve("no-text");
        Files.createDirectories(noText);
        Files.writeString(noText.resolve("train.jsonl"), "{\"sentence\": \"a\", \"label_text\": \"A\"}\n");
        Files.writeString(noText.resolve("test.jsonl"), "{\"text\": \"a\", \"label_text\": \"A\"}\n");
        assertEquals(1, run("evaluate", "--model", tiny.toString(), "--dataset", noText.toString()));
        assertEquals("tenor: " + noText.resolve("train.jsonl") + ": line 1: no \"text\" field\n", err);

        Path noColumn = dir.resolve("no-column");
        Files.createDirectories(noColumn);
        Files.writeString(noColumn.resolve("train.csv"), "utterance,label\nhello,A\n");
        Files.writeString(noColumn.resolve("test.jsonl"), "{\"text\": \"a\", \"label_text\": \"A\"}\n");
        assertEquals(1, run("evaluate", "--model", tiny.toString(), "--dataset", noColumn.toString()));
        assertEquals("tenor: " + noColumn.resolve("train.csv") + ": no \"text\" column (the header has: utterance, "
                + "label)\n", err);

        Path emptyText = dir.resolve("empty-text");
        Files.createDirectories(emptyText);
        Files.writeString(emptyText.resolve("train.jsonl"), "{\"text\": \"a\", \"label_text\": \"A\"}\n");
        Files.writeString(emptyText.resolve("test.jsonl"), "{\"text\": \"a\", \"label_text\": \"A\"}\n"
                + "{\"text\": \"  \", \"label_text\": \"A\"}\n");
        assertEquals(1, run("evaluate", "--model", tiny.toString(), "--dataset", emptyText.toString()));
        assertEquals("tenor: " + emptyText.resolve("test.jsonl") + ": line 2: empty \"text\"\n", err);

        assertEquals(1, run("evaluate", "--model", tiny.toString(), "--dataset", dir.resolve("missing").toString()));
        assertEquals("tenor: " + dir.resolve("missing") + ": dataset folder not found\n", err);
    }

    @Test
    void aFolderThatIsNotAnEncoderIsRefused() throws IOException {
        Path data = dataset(dir.resolve("intents"));
        Path gpt = dir.resolve("gpt2");
        Files.createDirectories(gpt);
        Files.writeString(gpt.resolve("config.json"), "{\"model_type\": \"gpt2\", \"n_embd\": 768}");
        Files.write(gpt.resolve("model.safetensors"), new byte[16]);
        assertEquals(1, run("evaluate", "--model", gpt.toString(), "--dataset", data.toString()));
        assertEquals("tenor: " + gpt.resolve("config.json") + ": unknown model type 'gpt2': Tenor's encoder runs BERT "
                + "models (model_type \"bert\")\n", err);

        Path notModel = dir.resolve("notes");
        Files.createDirectories(notModel);
        Files.writeString(notModel.resolve("readme.txt"), "hello");
        assertEquals(1, run("evaluate", "--model", notModel.toString(), "--dataset", data.toString()));
        assertEquals("tenor: " + notModel + ": not a model folder: config.json is missing\n", err);

        assertEquals(1, run("evaluate", "--model", "no-such-model", "--dataset", data.toString()));
        assertTrue(err.startsWith("tenor: model 'no-such-model' not found: not a built-in model (all-MiniLM-L6-v2, "),
                err);
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, run("evaluate", "--k", "0"));
        assertTrue(err.startsWith("k must be at least 1, got 0\n"), err);
        assertEquals(2, run("evaluate", "--index", "annoy", "--k", "30"));
        assertTrue(err.startsWith("k = 30 needs at least 30 Annoy neighbours per query, got 20\n"), err);
        assertEquals(2, run("evaluate", "--trees", "0"));
        assertTrue(err.startsWith("trees must be at least 1, got 0\n"), err);
        assertEquals(2, run("evaluate", "--search-k", "0"));
        assertTrue(err.startsWith("search_k must be positive or -1 (default), got 0\n"), err);
        assertEquals(2, run("evaluate", "--limit-queries", "-3"));
        assertTrue(err.startsWith("the query limit must be 0 (all) or positive, got -3\n"), err);
        assertEquals(2, run("evaluate", "--index", "fuzzy"));
        assertTrue(err.startsWith("Invalid value for option '--index': expected one of [exact, annoy, both] "
                + "(case-insensitive) but was 'fuzzy'"), err);
    }
}
