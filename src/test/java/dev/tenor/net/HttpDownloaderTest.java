package dev.tenor.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.model.hub.FakeHubServer;
import dev.tenor.model.hub.HubFixtures;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpDownloaderTest {

    @TempDir
    Path tmp;

    private FakeHubServer hub;
    private String sha;
    private byte[] weights;

    @BeforeEach
    void setUp() throws IOException {
        hub = FakeHubServer.start();
        Path repo = HubFixtures.modelFolder(tmp.resolve("repo"), true);
        sha = hub.addModel("org/model", repo);
        weights = Files.readAllBytes(repo.resolve("model.safetensors"));
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private URI weightsUrl() {
        return URI.create(hub.endpoint() + "/org/model/resolve/" + sha + "/model.safetensors");
    }

    private static HttpDownloader downloader(int retries) {
        return HttpDownloader.builder().optHints(dev.tenor.model.hub.HubClient.HINTS).optRetries(retries).optRetryDelay(Duration.ZERO)
                .optReadTimeout(Duration.ofMillis(300)).optConnectTimeout(Duration.ofSeconds(2)).build();
    }

    @Test
    void downloadsByteIdenticalWithProgressAndNoPartLeft() throws IOException {
        Path target = tmp.resolve("out/model.safetensors");
        List<long[]> seen = new ArrayList<>();
        HttpDownloader.Result r = downloader(0).download(weightsUrl(), target,
                (done, total, name) -> seen.add(new long[] {done, total}), CancellationToken.NONE);

        assertArrayEquals(weights, Files.readAllBytes(target));
        assertEquals(HubFixtures.WEIGHTS_SIZE, r.size());
        assertEquals(HubFixtures.WEIGHTS_SIZE, r.transferred());
        assertFalse(r.resumed());
        assertFalse(Files.exists(HttpDownloader.partFile(target)));
        long[] last = seen.get(seen.size() - 1);
        assertEquals(HubFixtures.WEIGHTS_SIZE, last[0]);
        assertEquals(HubFixtures.WEIGHTS_SIZE, last[1]);
        assertNull(hub.requests("model.safetensors").get(0).range());
    }

    @Test
    void cutConnectionKeepsPartAndNextCallResumesWithRange() throws IOException {
        Path target = tmp.resolve("out/model.safetensors");
        hub.cutAfter("model.safetensors", 100_000);

        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader(0).download(weightsUrl(), target, ProgressListener.NONE, CancellationToken.NONE));
        assertTrue(e.getMessage().startsWith("connection to 127.0.0.1:" + hub.port()
                + " broke off after 100000 of 300000 bytes of model.safetensors ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("; the partial download is kept, run again to resume"), e.getMessage());
        assertTrue(e.retryable());
        assertEquals(100_000, Files.size(HttpDownloader.partFile(target)));
        assertFalse(Files.exists(target));

        hub.clearRequests();
        HttpDownloader.Result r = downloader(0).download(weightsUrl(), target, ProgressListener.NONE,
                CancellationToken.NONE);
        assertEquals("bytes=100000-", hub.requests("model.safetensors").get(0).range());
        assertEquals(200_000, r.transferred());
        assertTrue(r.resumed());
        assertArrayEquals(weights, Files.readAllBytes(target));
        assertFalse(Files.exists(HttpDownloader.partFile(target)));
    }

    @Test
    void retriesResumeWithinOneCall() throws IOException {
        Path target = tmp.resolve("out/model.safetensors");
        hub.cutAfter("model.safetensors", 64_000);

        HttpDownloader.Result r = downloader(2).download(weightsUrl(), target, ProgressListener.NONE,
                CancellationToken.NONE);
        List<FakeHubServer.Request> gets = hub.requests("model.safetensors");
        assertEquals(2, gets.size());
        assertNull(gets.get(0).range());
        assertEquals("bytes=64000-", gets.get(1).range());
        assertEquals(HubFixtures.WEIGHTS_SIZE, r.transferred());
        assertArrayEquals(weights, Files.readAllBytes(target));
    }

    @Test
    void serverIgnoringRangeRestartsFromZero() throws IOException {
        Path target = targetWithPart(HubFixtures.random(1_000, 99));
        hub.ignoreRange(true);

        HttpDownloader.Result r = downloader(0).download(weightsUrl(), target, ProgressListener.NONE,
                CancellationToken.NONE);
        assertEquals("bytes=1000-", hub.requests("model.safetensors").get(0).range());
        assertFalse(r.resumed());
        assertArrayEquals(weights, Files.readAllBytes(target));
    }

    @Test
    void completePartIsFinishedOnRangeNotSatisfiable() throws IOException {
        Path target = targetWithPart(weights);

        HttpDownloader.Result r = downloader(0).download(weightsUrl(), target, ProgressListener.NONE,
                CancellationToken.NONE);
        assertEquals(List.of("bytes=300000-"),
                hub.requests("model.safetensors").stream().map(FakeHubServer.Request::range).toList());
        assertEquals(0, r.transferred());
        assertArrayEquals(weights, Files.readAllBytes(target));
    }

    @Test
    void oversizedPartIsDiscardedAfterRangeNotSatisfiable() throws IOException {
        Path target = targetWithPart(HubFixtures.random(400_000, 7));

        downloader(0).download(weightsUrl(), target, ProgressListener.NONE, CancellationToken.NONE);
        List<FakeHubServer.Request> gets = hub.requests("model.safetensors");
        assertEquals("bytes=400000-", gets.get(0).range());
        assertNull(gets.get(1).range());
        assertArrayEquals(weights, Files.readAllBytes(target));
    }

    @Test
    void followsAbsoluteAndRelativeRedirects() throws IOException {
        for (FakeHubServer.Redirect mode : List.of(FakeHubServer.Redirect.ABSOLUTE, FakeHubServer.Redirect.RELATIVE)) {
            hub.redirect(mode);
            hub.clearRequests();
            Path target = tmp.resolve("out-" + mode + "/model.safetensors");
            downloader(0).download(weightsUrl(), target, ProgressListener.NONE, CancellationToken.NONE);
            assertArrayEquals(weights, Files.readAllBytes(target), mode.toString());
            List<FakeHubServer.Request> all = hub.requests();
            assertEquals(2, all.size());
            assertEquals("/cdn/" + FakeHubServer.sha256(tmp.resolve("repo/model.safetensors")), all.get(1).rawPath());
            assertEquals("X-Amz-Signature=abc123", all.get(1).query());
        }
    }

    @Test
    void tokenGoesToTheHubButNotToAnotherHostAfterRedirect() throws IOException {
        try (FakeHubServer cdn = FakeHubServer.start()) {
            cdn.addModel("org/model", tmp.resolve("repo"));
            hub.gate("org/model", "hf_secret");
            hub.redirect(FakeHubServer.Redirect.ABSOLUTE);
            hub.cdnBase(cdn.endpoint());
            Path target = tmp.resolve("out/model.safetensors");

            HttpDownloader.builder().optHints(dev.tenor.model.hub.HubClient.HINTS).optToken("hf_secret").optRetries(0).build()
                    .download(weightsUrl(), target, ProgressListener.NONE, CancellationToken.NONE);
            assertArrayEquals(weights, Files.readAllBytes(target));
            assertEquals("Bearer hf_secret", hub.requests("model.safetensors").get(0).authorization());
            assertEquals(1, cdn.requests().size());
            assertNull(cdn.requests().get(0).authorization());
        }
    }

    @Test
    void slowHeadersTimeOutWithAClearMessage() {
        hub.delayHeaders(Duration.ofSeconds(2));
        Path target = tmp.resolve("out/model.safetensors");
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader(0).download(weightsUrl(), target, ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("timed out: 127.0.0.1:" + hub.port() + " sent nothing for 0.3 s while fetching"
                + " model.safetensors; the partial download is kept, run again to resume", e.getMessage());
    }

    @Test
    void stalledBodyTimesOutAndKeepsWhatArrived() throws IOException {
        hub.stallAfter("model.safetensors", 50_000, Duration.ofSeconds(2));
        Path target = tmp.resolve("out/model.safetensors");
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader(0).download(weightsUrl(), target, ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("timed out: 127.0.0.1:" + hub.port() + " sent nothing for 0.3 s while fetching"
                + " model.safetensors; the partial download is kept, run again to resume", e.getMessage());
        assertEquals(50_000, Files.size(HttpDownloader.partFile(target)));
    }

    @Test
    void closedPortIsReportedAsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/org/model/resolve/main/config.json");
        DownloadException e = assertThrows(DownloadException.class, () -> downloader(3)
                .download(url, tmp.resolve("config.json"), ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("cannot reach 127.0.0.1:" + port + ": offline? (connection refused). Check the network"
                + " connection, or set HF_ENDPOINT to a reachable mirror.", e.getMessage());
        assertEquals(0, e.status());
        assertFalse(e.retryable());
    }

    @Test
    void notFoundNamesTheUrlAndTheServersReason() {
        URI url = URI.create(hub.endpoint() + "/org/model/resolve/" + sha + "/nope.json");
        DownloadException e = assertThrows(DownloadException.class, () -> downloader(0)
                .download(url, tmp.resolve("nope.json"), ProgressListener.NONE, CancellationToken.NONE));
        assertEquals(url + ": HTTP 404 Not Found (Entry not found)", e.getMessage());
        assertEquals(404, e.status());
        assertEquals("EntryNotFound", e.errorCode());
    }

    @Test
    void unauthorizedWithoutTokenAsksForOne() {
        hub.gate("org/model", "hf_secret");
        DownloadException e = assertThrows(DownloadException.class, () -> downloader(0)
                .download(weightsUrl(), tmp.resolve("w"), ProgressListener.NONE, CancellationToken.NONE));
        assertEquals(weightsUrl() + ": HTTP 401 Unauthorized: needs a Hugging Face token: set HF_TOKEN"
                + " (Access to model org/model is restricted.)", e.getMessage());
    }

    @Test
    void cancelStopsTheDownloadAndKeepsThePart() {
        Path target = tmp.resolve("out/model.safetensors");
        CancellationToken cancel = new CancellationToken();
        hub.stallAfter("model.safetensors", 100_000, Duration.ofMillis(200));
        ProgressListener cancelAtHalf = (done, total, name) -> {
            if (done >= 100_000) {
                cancel.cancel();
            }
        };
        assertThrows(CancelledException.class,
                () -> downloader(0).download(weightsUrl(), target, cancelAtHalf, cancel));
        assertFalse(Files.exists(target));
        assertTrue(Files.exists(HttpDownloader.partFile(target)));
    }

    /** The weights' download target, with a part file of {@code part} left by an earlier try. */
    private Path targetWithPart(byte[] part) throws IOException {
        Path target = tmp.resolve("out/model.safetensors");
        Files.createDirectories(target.getParent());
        Files.write(HttpDownloader.partFile(target), part);
        return target;
    }
}
