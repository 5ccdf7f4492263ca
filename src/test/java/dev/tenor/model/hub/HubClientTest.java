package dev.tenor.model.hub;

import dev.tenor.net.DownloadException;
import dev.tenor.net.HttpDownloader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubClientTest {

    @TempDir
    Path tmp;

    private FakeHubServer hub;
    private Path repo;
    private String sha;

    @BeforeEach
    void setUp() throws IOException {
        hub = FakeHubServer.start();
        repo = HubFixtures.modelFolder(tmp.resolve("repo"), true);
        sha = hub.addModel("org/model", repo);
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private HubClient client(String token, int retries) {
        return new HubClient(hub.endpoint(), HttpDownloader.builder().optHints(dev.tenor.model.hub.HubClient.HINTS).optToken(token).optRetries(retries)
                .optRetryDelay(Duration.ZERO).optReadTimeout(Duration.ofSeconds(5)).build());
    }

    @Test
    void pullAssemblesASentenceTransformersFolder() throws IOException {
        hub.redirect(FakeHubServer.Redirect.ABSOLUTE);
        Path target = tmp.resolve("models/hub/org--model");
        List<long[]> seen = new ArrayList<>();
        PullResult r = client(null, 0).pullModel("org/model", "main", target,
                (done, total, name) -> seen.add(new long[] {done, total}), CancellationToken.NONE);

        for (String file : HubFixtures.PULLED) {
            assertArrayEquals(Files.readAllBytes(repo.resolve(file)), Files.readAllBytes(target.resolve(file)), file);
        }
        assertTrue(Files.isDirectory(target.resolve("2_Normalize")));
        try (Stream<Path> s = Files.list(target.resolve("2_Normalize"))) {
            assertEquals(0, s.count());
        }
        for (String left : List.of("README.md", "pytorch_model.bin", "onnx")) {
            assertFalse(Files.exists(target.resolve(left)), left);
        }
        assertEquals(sha, r.sha());
        assertEquals(HubFixtures.PULLED.length, r.files().size());
        long total = Stream.of(HubFixtures.PULLED).mapToLong(f -> size(repo.resolve(f))).sum();
        assertEquals(total, r.totalBytes());
        assertEquals(total, r.bytesDownloaded());
        assertFalse(r.upToDate());
        long[] last = seen.get(seen.size() - 1);
        assertEquals(total, last[0]);
        assertEquals(total, last[1]);

        JsonNode prov = Json.read(target.resolve(HubClient.PROVENANCE_FILE));
        assertEquals("org/model", prov.path("repo").asText());
        assertEquals("main", prov.path("revision").asText());
        assertEquals(sha, prov.path("sha").asText());
        assertEquals("model", prov.path("repo_type").asText());
        assertEquals(hub.endpoint().toString(), prov.path("endpoint").asText());
        assertTrue(prov.path("date").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), prov.path("date").asText());
        JsonNode weights = null;
        for (JsonNode f : prov.path("files")) {
            weights = f.path("path").asText().equals("model.safetensors") ? f : weights;
        }
        assertEquals(HubFixtures.PULLED.length, prov.path("files").size());
        assertEquals(HubFixtures.WEIGHTS_SIZE, weights.path("size").asLong());
        assertEquals(FakeHubServer.sha256(repo.resolve("model.safetensors")), weights.path("sha256").asText());

        // Files come by commit, so a branch moving mid-pull cannot mix commits; staging is cleaned up.
        assertTrue(hub.requests("/model.safetensors").get(0).rawPath().contains("/resolve/" + sha + "/"));
        assertTrue(hub.requests().stream().anyMatch(q -> q.rawPath().startsWith("/cdn/")));
        assertFalse(Files.exists(target.getParent().resolve(HubClient.DOWNLOADS_FOLDER)));
    }

    @Test
    void secondPullOfTheSameCommitDownloadsNothing() throws IOException {
        Path target = tmp.resolve("m");
        client(null, 0).pullModel("org/model", "main", target, ProgressListener.NONE, CancellationToken.NONE);
        hub.clearRequests();
        PullResult again = client(null, 0).pullModel("org/model", "main", target, ProgressListener.NONE,
                CancellationToken.NONE);
        assertTrue(again.upToDate());
        assertEquals(0, again.bytesDownloaded());
        assertEquals(1, hub.requests().size(), "only the API call");
    }

    @Test
    void failedPullLeavesNoFolderAndTheRetryResumesThePart() throws IOException {
        Path target = tmp.resolve("models/hub/org--model");
        hub.cutAfter("model.safetensors", 120_000);
        DownloadException e = assertThrows(DownloadException.class, () -> client(null, 0)
                .pullModel("org/model", "main", target, ProgressListener.NONE, CancellationToken.NONE));
        assertTrue(e.getMessage().startsWith("connection to 127.0.0.1:" + hub.port() + " broke off after 120000 of"
                + " 300000 bytes of model.safetensors"), e.getMessage());
        assertFalse(Files.exists(target));
        Path part = target.getParent().resolve(".downloads/org--model/" + sha + "/model.safetensors.part");
        assertEquals(120_000, Files.size(part));

        hub.clearRequests();
        PullResult r = client(null, 0).pullModel("org/model", "main", target, ProgressListener.NONE,
                CancellationToken.NONE);
        assertEquals("bytes=120000-", hub.requests("/model.safetensors").get(0).range());
        assertTrue(hub.requests("/config.json").stream().noneMatch(q -> q.rawPath().endsWith("/resolve/" + sha
                + "/config.json")), "config.json was complete and is not fetched again");
        assertArrayEquals(Files.readAllBytes(repo.resolve("model.safetensors")),
                Files.readAllBytes(target.resolve("model.safetensors")));
        assertEquals(HubFixtures.WEIGHTS_SIZE - 120_000, r.bytesDownloaded() - smallFilesFetchedAgain(r));
        assertFalse(Files.exists(target.getParent().resolve(HubClient.DOWNLOADS_FOLDER)));
    }

    /** Bytes of files other than the weights fetched by the retry (those after the weights in the plan). */
    private long smallFilesFetchedAgain(PullResult r) {
        return hub.requests().stream().filter(q -> q.rawPath().contains("/resolve/"))
                .filter(q -> !q.rawPath().endsWith("/model.safetensors"))
                .mapToLong(q -> size(repo.resolve(q.rawPath().substring(q.rawPath().indexOf(sha) + 41))))
                .sum();
    }

    @Test
    void cancelledPullLeavesNoFolderAtTheTarget() {
        Path target = tmp.resolve("models/hub/org--model");
        CancellationToken cancel = new CancellationToken();
        hub.stallAfter("model.safetensors", 100_000, Duration.ofMillis(300));
        ProgressListener cancelMidWeights = (done, total, name) -> {
            if (name.equals("model.safetensors") && done > 100_000) {
                cancel.cancel();
            }
        };
        assertThrows(CancelledException.class, () -> client(null, 0)
                .pullModel("org/model", "main", target, cancelMidWeights, cancel));
        assertFalse(Files.exists(target));
        assertTrue(Files.exists(target.getParent().resolve(".downloads/org--model/" + sha
                + "/model.safetensors.part")));
    }

    @Test
    void gatedRepositoryNeedsTheRightToken() throws IOException {
        hub.gate("org/model", "hf_right");
        Path target = tmp.resolve("m");
        BadInputException none = assertThrows(BadInputException.class, () -> client(null, 0)
                .pullModel("org/model", "main", target, ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("org/model is a gated repository: it needs a Hugging Face token: accept its terms at "
                + hub.endpoint() + "/org/model, then set HF_TOKEN to a token of that account", none.getMessage());
        BadInputException wrong = assertThrows(BadInputException.class, () -> client("hf_wrong", 0)
                .pullModel("org/model", "main", target, ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("org/model is a gated repository and this token has no access to it: accept its terms at "
                + hub.endpoint() + "/org/model with the token's account", wrong.getMessage());
        assertFalse(Files.exists(target));

        client("hf_right", 0).pullModel("org/model", "main", target, ProgressListener.NONE, CancellationToken.NONE);
        List<FakeHubServer.Request> weights = hub.requests("/model.safetensors");
        assertEquals(1, weights.size(), "the failed pulls stopped at their first file");
        assertEquals("Bearer hf_right", weights.get(0).authorization());
        assertTrue(Files.exists(target.resolve("model.safetensors")));
    }

    @Test
    void notFoundMessagesNameRepositoryRevisionAndFile() {
        Path target = tmp.resolve("m");
        BadInputException repoMissing = assertThrows(BadInputException.class, () -> client(null, 0)
                .pullModel("org/missing", "main", target, ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("org/missing: repository not found at " + hub.endpoint()
                + " (if it is private, set HF_TOKEN to a token with access)", repoMissing.getMessage());

        BadInputException revMissing = assertThrows(BadInputException.class, () -> client(null, 0)
                .pullModel("org/model", "v9", target, ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("org/model: revision v9 not found", revMissing.getMessage());

        BadInputException fileMissing = assertThrows(BadInputException.class, () -> client(null, 0)
                .downloadFile(RepoType.MODEL, "org/model", "main", "nope.json", tmp.resolve("nope.json"),
                        ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("org/model: file nope.json not found at revision main", fileMissing.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void pytorchOnlyRepositoryIsRefusedWithAWayOut() throws IOException {
        hub.addModel("org/old", HubFixtures.modelFolder(tmp.resolve("old"), false));
        Path target = tmp.resolve("m");
        BadInputException e = assertThrows(BadInputException.class, () -> client(null, 0)
                .pullModel("org/old", "main", target, ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("org/old (revision main) has only pytorch_model.bin, and Tenor reads safetensors only. Use a"
                + " revision that has model.safetensors (often an open pull request adds it: revision refs/pr/N, see "
                + hub.endpoint() + "/org/old/discussions), or convert the weights in Python:"
                + " safetensors.torch.save_file(torch.load(\"pytorch_model.bin\"), \"model.safetensors\")",
                e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(0, hub.requests().stream().filter(q -> q.rawPath().contains("/resolve/")).count());
    }

    @Test
    void pullRequestRevisionIsEncodedAsOneSegment() throws IOException {
        hub.addModel("org/old", HubFixtures.modelFolder(tmp.resolve("old"), false));
        String prSha = hub.addModel("org/old", "refs/pr/3", repo);
        Path target = tmp.resolve("m");
        PullResult r = client(null, 0).pullModel("org/old", "refs/pr/3", target, ProgressListener.NONE,
                CancellationToken.NONE);
        assertEquals(prSha, r.sha());
        assertEquals("/api/models/org/old/revision/refs%2Fpr%2F3", hub.requests().get(0).rawPath());
        assertEquals("refs/pr/3", Json.read(target.resolve(HubClient.PROVENANCE_FILE)).path("revision").asText());
        assertArrayEquals(Files.readAllBytes(repo.resolve("model.safetensors")),
                Files.readAllBytes(target.resolve("model.safetensors")));
    }

    @Test
    void aFolderThatDidNotComeFromTheHubIsNotReplaced() throws IOException {
        Path target = tmp.resolve("mine");
        HubFixtures.write(target.resolve("notes.txt"), "keep me");
        BadInputException e = assertThrows(BadInputException.class, () -> client(null, 0)
                .pullModel("org/model", "main", target, ProgressListener.NONE, CancellationToken.NONE));
        assertEquals(target + ": exists and was not downloaded from the Hugging Face Hub by Tenor; choose another"
                + " folder or remove it", e.getMessage());
        assertEquals("keep me", Files.readString(target.resolve("notes.txt")));
    }

    @Test
    void badRepositoryIdsAreRefusedBeforeAnyRequest() {
        BadInputException e = assertThrows(BadInputException.class, () -> client(null, 0)
                .pullModel("../etc/passwd", "main", tmp.resolve("m"), ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("not a Hugging Face repository id: \"../etc/passwd\" (expected owner/name, e.g."
                + " sentence-transformers/all-MiniLM-L6-v2)", e.getMessage());
        assertEquals(0, hub.requests().size());
    }

    @Test
    void endpointAndTokenComeFromPropertyThenEnvironment() {
        Map<String, String> env = Map.of("HF_ENDPOINT", "https://hf-mirror.example", "HF_TOKEN", "hf_env");
        assertEquals(URI.create("http://127.0.0.1:9"),
                HubClient.endpoint(k -> k.equals("tenor.hub.endpoint") ? "http://127.0.0.1:9" : null, env::get));
        assertEquals(URI.create("https://hf-mirror.example"), HubClient.endpoint(k -> null, env::get));
        assertEquals(HubClient.DEFAULT_ENDPOINT, HubClient.endpoint(k -> null, k -> null));
        assertEquals("hf_given", HubClient.token("hf_given", env::get));
        assertEquals("hf_env", HubClient.token(null, env::get));
        assertNull(HubClient.token(" ", k -> null));
        assertEquals("https://huggingface.co/org/m/resolve/refs%2Fpr%2F1/1_Pooling/config.json",
                new HubClient(HubClient.DEFAULT_ENDPOINT, HttpDownloader.builder().optHints(dev.tenor.model.hub.HubClient.HINTS).build())
                        .fileUrl(RepoType.MODEL, "org/m", "refs/pr/1", "1_Pooling/config.json").toString());
        assertEquals("https://huggingface.co/api/datasets/mteb/mtop_intent/revision/main?blobs=true",
                new HubClient(URI.create("https://huggingface.co/"), HttpDownloader.builder().optHints(dev.tenor.model.hub.HubClient.HINTS).build())
                        .apiUrl(RepoType.DATASET, "mteb/mtop_intent", "main").toString());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
