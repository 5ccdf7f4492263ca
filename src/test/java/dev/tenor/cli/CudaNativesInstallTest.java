package dev.tenor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.CudaNatives;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tenor devices --install-cuda} against a local server in the layout of DJL's mirror
 * ({@code <base>/2.7.1/files.txt}, {@code cu128/linux-x86_64/native/lib/<file>.gz}). The files are stand-ins:
 * nothing here loads them (there is no GPU); what is checked is the download, the unpacking, the refusal
 * without a GPU, and that a broken download installs nothing.
 */
class CudaNativesInstallTest {

    @TempDir
    Path home;

    private HttpServer server;
    private final Map<String, byte[]> served = new LinkedHashMap<>();
    private final Map<String, byte[]> originals = new LinkedHashMap<>();

    @BeforeEach
    void serve() throws IOException {
        Random r = new Random(3);
        StringBuilder listing = new StringBuilder("cpu/linux-x86_64/native/lib/libtorch.so.gz\n");
        for (String name : new String[] {"libtorch.so", "libtorch_cuda.so", "libc10_cuda.so", "libcudart-abc.so.12"}) {
            byte[] content = new byte[50_000 + r.nextInt(50_000)];
            r.nextBytes(content);
            originals.put(name, content);
            String path = "cu128/linux-x86_64/native/lib/" + name + ".gz";
            listing.append(path).append('\n');
            served.put("/pytorch/2.7.1/" + path, gzip(content));
        }
        listing.append("cu126/linux-x86_64/native/lib/libtorch.so.gz\n");
        served.put("/pytorch/2.7.1/files.txt", listing.toString().getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = served.get(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
            ex.close();
        });
        server.start();
        System.setProperty("tenor.home", home.toString());
        System.setProperty(CudaNatives.URL_PROPERTY, "http://127.0.0.1:" + server.getAddress().getPort() + "/pytorch");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        System.clearProperty("tenor.home");
        System.clearProperty(CudaNatives.URL_PROPERTY);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(content);
        }
        return b.toByteArray();
    }

    /** What a run printed ({@link CommandRun}). */
    private static CommandRun run(String... args) {
        return CommandRun.run(args);
    }

    @Test
    void withoutAGpuItRefusesClearlyAndWithForceItInstallsTheFlavoursFiles() throws IOException {
        CudaNatives natives = new CudaNatives(new TenorPaths(home));
        CommandRun refused = run("devices", "--install-cuda");
        assertEquals(1, refused.code(), refused.err());
        assertTrue(refused.err().contains("tenor: no CUDA GPU is visible here (no NVIDIA driver, or no GPU)"),
                refused.err());
        assertFalse(Files.exists(natives.folder()));

        CommandRun forced = run("devices", "--install-cuda", "--force");
        assertEquals(0, forced.code(), forced.err());
        assertTrue(forced.out().contains("installed PyTorch 2.7.1 cu128 natives in " + natives.folder()), forced.out());
        assertTrue(natives.installed());
        try (var s = Files.list(natives.folder())) {
            assertEquals(5, s.count(), "the four cu128 files and the marker; no cpu or cu126 file");
        }
        for (Map.Entry<String, byte[]> e : originals.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(natives.folder().resolve(e.getKey())), e.getKey());
        }
        assertFalse(Files.exists(natives.folder().resolveSibling("." + natives.folder().getFileName() + ".downloads")),
                "the compressed downloads are removed");
        CommandRun again = run("devices", "--install-cuda");
        assertEquals(0, again.code());
        assertTrue(again.out().contains("the CUDA natives are installed already"), again.out());

        // DJL is pointed at them only where a GPU is visible and the user chose no libtorch of their own
        Map<String, String> props = natives.engineProperties(1, null, "/usr/lib");
        assertEquals(Map.of("java.library.path", natives.folder() + java.io.File.pathSeparator + "/usr/lib",
                "PYTORCH_FLAVOR", "cu128", "PYTORCH_VERSION", "2.7.1"), props);
        assertEquals(Map.of(), natives.engineProperties(0, null, "/usr/lib"));
        assertEquals(Map.of(), natives.engineProperties(1, "/opt/libtorch", "/usr/lib"));
    }

    @Test
    void aBrokenDownloadInstallsNothingAndTheNextTryCompletes() throws IOException {
        CudaNatives natives = new CudaNatives(new TenorPaths(home));
        String damaged = "/pytorch/2.7.1/cu128/linux-x86_64/native/lib/libc10_cuda.so.gz";
        byte[] good = served.get(damaged);
        served.put(damaged, "not gzip at all".getBytes(StandardCharsets.UTF_8));
        CommandRun broken = run("devices", "--install-cuda", "--force");
        assertEquals(1, broken.code());
        assertTrue(broken.err().contains(damaged.substring(1) + ": not a valid gzip file"), broken.err());
        assertFalse(Files.exists(natives.folder()), "no half-installed folder");
        served.put(damaged, good);
        CommandRun fixed = run("devices", "--install-cuda", "--force");
        assertEquals(0, fixed.code(), fixed.err());
        assertArrayEquals(originals.get("libc10_cuda.so"), Files.readAllBytes(natives.folder().resolve("libc10_cuda.so")));
    }
}
