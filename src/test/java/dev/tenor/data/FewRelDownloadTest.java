package dev.tenor.data;

import dev.tenor.net.DownloadException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads against a local HTTP server on 127.0.0.1; no other network. */
class FewRelDownloadTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final byte[] body = new byte[300_000];

    @BeforeEach
    void serve() throws IOException {
        new Random(1).nextBytes(body);
        Map<String, byte[]> files = Map.of("/data/val_wiki.json", body);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/data/", exchange -> {
            requests.incrementAndGet();
            byte[] content = files.get(exchange.getRequestURI().getPath());
            if (content == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, content.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < content.length; i += 50_000) {
                    out.write(content, i, Math.min(50_000, content.length - i));
                    out.flush();
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/data";
    }

    @Test
    void downloadsWithProgressThenReusesTheFile() throws IOException {
        FewRelDownload download = new FewRelDownload(base(), Duration.ofSeconds(10));
        List<long[]> progress = new ArrayList<>();
        Path file = download.fetch(FewRelDownload.Upstream.VAL_WIKI, dir, (d, t, m) -> progress.add(new long[] {d, t}),
                CancellationToken.NONE);

        assertEquals(dir.resolve("val_wiki.json"), file);
        assertArrayEquals(body, Files.readAllBytes(file));
        assertArrayEquals(new long[] {0, body.length}, progress.get(0));
        assertArrayEquals(new long[] {body.length, body.length}, progress.get(progress.size() - 1));
        assertTrue(progress.size() >= 3, "progress calls: " + progress.size());
        assertEquals(List.of(file), list(dir));

        download.fetch(FewRelDownload.Upstream.VAL_WIKI, dir, ProgressListener.NONE, CancellationToken.NONE);
        assertEquals(1, requests.get());
    }

    @Test
    void httpErrorsAreClear() {
        FewRelDownload download = new FewRelDownload(base() + "/", Duration.ofSeconds(10));
        DownloadException e = assertThrows(DownloadException.class,
                () -> download.download(FewRelDownload.Upstream.TRAIN_WIKI, dir, ProgressListener.NONE,
                        CancellationToken.NONE));
        assertEquals(base() + "/train_wiki.json: HTTP 404 Not Found", e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    @Test
    void offlineIsAClearError() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        FewRelDownload download = new FewRelDownload("http://127.0.0.1:" + port + "/data/", Duration.ofSeconds(5));
        DownloadException e = assertThrows(DownloadException.class,
                () -> download.fetch(FewRelDownload.Upstream.VAL_WIKI, dir, ProgressListener.NONE,
                        CancellationToken.NONE));
        assertEquals("cannot reach 127.0.0.1:" + port + ": offline? (connection refused). Download the file another "
                + "way and give its path instead.", e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    /** A cancelled download leaves no file, only the part that the next try resumes from. */
    @Test
    void aCancelledDownloadLeavesNoFileAndTheNextTryResumes() throws IOException {
        FewRelDownload download = new FewRelDownload(base(), Duration.ofSeconds(10));
        CancellationToken cancel = new CancellationToken();
        assertThrows(CancelledException.class, () -> download.download(FewRelDownload.Upstream.VAL_WIKI, dir,
                (done, total, message) -> {
                    if (done > 0) {
                        cancel.cancel();
                    }
                }, cancel));
        assertFalse(Files.exists(dir.resolve("val_wiki.json")));
        assertEquals(List.of(dir.resolve("val_wiki.json.part")), list(dir));
        Path file = download.download(FewRelDownload.Upstream.VAL_WIKI, dir, ProgressListener.NONE,
                CancellationToken.NONE);
        assertArrayEquals(body, Files.readAllBytes(file));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void baseUrlComesFromTheSystemPropertyOrGitHub() {
        assertEquals(URI.create("https://raw.githubusercontent.com/thunlp/FewRel/master/data/train_wiki.json"),
                FewRelDownload.fromSystemProperties().uri(FewRelDownload.Upstream.TRAIN_WIKI));
        System.setProperty(FewRelDownload.BASE_URL_PROPERTY, "http://127.0.0.1:9/mirror");
        try {
            assertEquals(URI.create("http://127.0.0.1:9/mirror/pid2name.json"),
                    FewRelDownload.fromSystemProperties().uri(FewRelDownload.Upstream.PID2NAME));
        } finally {
            System.clearProperty(FewRelDownload.BASE_URL_PROPERTY);
        }
        assertEquals(FewRelDownload.Upstream.VAL_WIKI, FewRelDownload.Upstream.byName("val_wiki").orElseThrow());
        assertTrue(FewRelDownload.Upstream.byName("val_wiki.json").isEmpty());
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
