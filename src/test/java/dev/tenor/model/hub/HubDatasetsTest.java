package dev.tenor.model.hub;

import dev.tenor.net.DownloadException;
import dev.tenor.net.HttpDownloader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.model.hub.HubDatasets.IntentDatasetDownload;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubDatasetsTest {

    @TempDir
    Path tmp;

    private FakeHubServer hub;
    private HubDatasets datasets;

    @BeforeEach
    void setUp() throws IOException {
        hub = FakeHubServer.start();
        datasets = new HubDatasets(new HubClient(hub.endpoint(),
                HttpDownloader.builder().optHints(dev.tenor.model.hub.HubClient.HINTS).optRetries(0).optReadTimeout(Duration.ofSeconds(5)).build()));
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void mtopIntentAtThePinnedRevisionGivesThreeSplits() throws IOException {
        Path repo = tmp.resolve("mtop");
        HubFixtures.writeGzip(repo.resolve("en/train.jsonl.gz"), HubFixtures.intentLines("train", 50));
        HubFixtures.write(repo.resolve("en/validation.jsonl"), HubFixtures.intentLines("validation", 20) + "\n");
        HubFixtures.write(repo.resolve("en/test.jsonl"), HubFixtures.intentLines("test", 30));
        HubFixtures.write(repo.resolve("de/train.jsonl"), HubFixtures.intentLines("de", 7));
        HubFixtures.write(repo.resolve("README.md"), "card");
        hub.addDataset(HubDatasets.MTOP_INTENT_REPO, HubDatasets.MTOP_INTENT_REVISION, repo);
        hub.redirect(FakeHubServer.Redirect.RELATIVE);
        Path target = tmp.resolve("data/hub/mteb--mtop_intent/en");

        IntentDatasetDownload d = datasets.downloadMtopIntent(target, ProgressListener.NONE, CancellationToken.NONE);

        assertEquals(Map.of("train", 50, "validation", 20, "test", 30), d.counts());
        assertEquals(List.of("train", "validation", "test"), List.copyOf(d.counts().keySet()));
        assertEquals(HubDatasets.MTOP_INTENT_REVISION, d.sha());
        assertEquals("/api/datasets/mteb/mtop_intent/revision/" + HubDatasets.MTOP_INTENT_REVISION,
                hub.requests().get(0).rawPath());
        assertTrue(hub.requests().stream().noneMatch(q -> q.rawPath().contains("/de/")));
        List<String> train = Files.readAllLines(target.resolve("train.jsonl"), StandardCharsets.UTF_8);
        assertEquals(50, train.size());
        assertEquals("{\"text\":\"train sentence 0 café\",\"label_text\":\"INTENT_0\"}", train.get(0));
        assertEquals(20, Files.readAllLines(target.resolve("validation.jsonl")).size());
        assertEquals(30, Files.readAllLines(target.resolve("test.jsonl")).size());

        JsonNode prov = Json.read(target.resolve(HubClient.PROVENANCE_FILE));
        assertEquals("dataset", prov.path("repo_type").asText());
        assertEquals("mteb/mtop_intent", prov.path("repo").asText());
        assertEquals("en", prov.path("config").asText());
        assertEquals(HubDatasets.MTOP_INTENT_REVISION, prov.path("sha").asText());
        assertEquals(50, prov.path("splits").path("train").asInt());
        assertEquals("en/train.jsonl.gz", prov.path("files").get(0).path("path").asText());
        assertEquals(Files.size(repo.resolve("en/train.jsonl.gz")), prov.path("files").get(0).path("size").asLong());

        hub.clearRequests();
        IntentDatasetDownload again = datasets.downloadMtopIntent(target, ProgressListener.NONE,
                CancellationToken.NONE);
        assertTrue(again.upToDate());
        assertEquals(d.counts(), again.counts());
        assertEquals(1, hub.requests().size());
    }

    @Test
    void splitFoldersWithGzippedLanguageFilesWork() throws IOException {
        Path repo = tmp.resolve("massive");
        HubFixtures.writeGzip(repo.resolve("train/en.jsonl.gz"), HubFixtures.intentLines("train", 12));
        HubFixtures.writeGzip(repo.resolve("test/en.jsonl.gz"), HubFixtures.intentLines("test", 5));
        hub.addDataset("mteb/amazon_massive_intent", "main", repo);

        IntentDatasetDownload d = datasets.download("mteb/amazon_massive_intent", "main", "en", tmp.resolve("out"),
                ProgressListener.NONE, CancellationToken.NONE);
        assertEquals(Map.of("train", 12, "test", 5), d.counts());
        assertFalse(Files.exists(tmp.resolve("out/validation.jsonl")));
        assertEquals(5, Files.readAllLines(tmp.resolve("out/test.jsonl")).size());
    }

    @Test
    void parquetOnlySplitsAreRefusedWithAConversionHint() throws IOException {
        Path repo = tmp.resolve("pq");
        Files.createDirectories(repo.resolve("en"));
        Files.write(repo.resolve("en/train-00000-of-00001.parquet"), HubFixtures.random(100, 1));
        Files.write(repo.resolve("en/test-00000-of-00001.parquet"), HubFixtures.random(100, 2));
        hub.addDataset("mteb/mtop_intent", "main", repo);

        BadInputException e = assertThrows(BadInputException.class, () -> datasets.download("mteb/mtop_intent",
                "main", "en", tmp.resolve("out"), ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("dataset mteb/mtop_intent (revision main): the en train split is stored only as Parquet"
                + " (en/train-00000-of-00001.parquet); Tenor reads JSON Lines (.jsonl, .jsonl.gz). Use a local copy,"
                + " or convert it in Python: datasets.load_dataset(\"mteb/mtop_intent\", \"en\", split=\"train\")"
                + ".to_json(\"train.jsonl\")", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void missingTestSplitIsNamed() throws IOException {
        Path repo = tmp.resolve("half");
        HubFixtures.write(repo.resolve("en/train.jsonl"), HubFixtures.intentLines("train", 3));
        hub.addDataset("org/half", "main", repo);
        BadInputException e = assertThrows(BadInputException.class, () -> datasets.download("org/half", "main", "en",
                tmp.resolve("out"), ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("dataset org/half (revision main): no test split for config en (looked for en/test.jsonl,"
                + " en/test.jsonl.gz, test/en.jsonl and the like)", e.getMessage());
    }

    @Test
    void aBrokenLineIsNamedAndNoFolderAppears() throws IOException {
        Path repo = tmp.resolve("bad");
        HubFixtures.write(repo.resolve("en/train.jsonl"), HubFixtures.intentLines("train", 3));
        HubFixtures.write(repo.resolve("en/test.jsonl"), HubFixtures.intentLines("test", 2)
                + "{\"label_text\": \"X\"}\n");
        hub.addDataset("org/bad", "main", repo);
        Path target = tmp.resolve("out");
        BadInputException e = assertThrows(BadInputException.class, () -> datasets.download("org/bad", "main", "en",
                target, ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("dataset org/bad en/test.jsonl, line 3: no \"text\" string", e.getMessage());
        assertFalse(Files.exists(target));
    }
}
