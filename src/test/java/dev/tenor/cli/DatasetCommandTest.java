package dev.tenor.cli;

import dev.tenor.TestEnvironment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tenor.data.TripletFile;
import dev.tenor.io.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandTest {

    private static final Path FEWREL = Path.of("../shared/data/fewrel");

    @TempDir
    Path dir;

    private String out;
    private String err;

    private int run(String... args) {
        CommandRun r = CommandRun.picocli(args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    @Test
    void buildsTheValidationFileAndPrintsASummary() throws IOException {
        Path val = FEWREL.resolve("val_wiki.json");
        TestEnvironment.needData(val);
        Path target = dir.resolve("val");

        assertEquals(0, run("dataset", "build", "--fewrel", val.toString(), "--out", target.toString()), err);

        assertTrue(out.startsWith("FewRel triplets written to " + target + "\n"), out);
        assertTrue(out.contains("\n  relations   16 (16 used)\n  instances   11,200\n"
                + "  triplets    10,640  triplets.jsonl\n  dev         560  dev.jsonl\n  skipped     0\n"
                + "  settings    seed 42, swap span, dev 0.05, no cap, tokens joined by spaces\n"), out);
        assertTrue(out.contains("  names       " + FEWREL.toAbsolutePath().normalize().resolve("pid2name.json")),
                out);
        assertTrue(out.matches("(?s).*\n  time        \\d+\\.\\d\\d s\n.*"), out);
        assertEquals("reading val_wiki.json\npairing\nwriting triplets.jsonl\nwriting dev.jsonl\nwritten\n", err);
        assertEquals(10_640, TripletFile.read(target.resolve("triplets.jsonl")).size());
        JsonNode stats = Json.read(target.resolve("stats.json"));
        assertEquals(42, stats.at("/provenance/seed").asInt());
        assertEquals("span", stats.at("/provenance/swap").asText());
        assertEquals(11_200, stats.at("/counts/instances").asInt());
    }

    @Test
    void optionsAreCheckedBeforeAnyWork() {
        Path target = dir.resolve("x");
        assertEquals(2, run("dataset", "build", "--fewrel", "f.json", "--out", target.toString(), "--swap", "words"));
        assertTrue(err.contains("Invalid value for option '--swap': expected one of [SPAN, STRING] (case-insensitive) but was 'words'"), err);
        assertEquals(2, run("dataset", "build", "--fewrel", "f.json", "--out", target.toString(), "--dev", "0.7"));
        assertTrue(err.startsWith("dev fraction must be between 0 and 0.5, got 0.7"), err);
        assertEquals(2, run("dataset", "build", "--out", target.toString()));
        assertTrue(err.contains("Missing required option: '--fewrel=FILE|train_wiki|val_wiki'"), err);
        assertEquals(2, run("dataset"));
        assertTrue(err.contains("give a subcommand (build)"), err);
        assertEquals(1, run("dataset", "build", "--fewrel", dir.resolve("nope.json").toString(), "--out",
                target.toString()));
        assertEquals("tenor: " + dir.resolve("nope.json") + ": file not found (give a FewRel JSON file, or "
                + "train_wiki or val_wiki to download the upstream file)\n", err);
        assertFalse(Files.exists(target));
    }

    @Test
    void downloadsUpstreamFilesByName() throws IOException {
        String fewrel = "{\"P1\": [{\"tokens\": [\"A\", \"met\", \"B\"], \"h\": [\"a\", \"Q1\", [[0]]], "
                + "\"t\": [\"b\", \"Q2\", [[2]]]}, {\"tokens\": [\"C\", \"saw\", \"D\"], \"h\": [\"c\", \"Q3\", [[0]]], "
                + "\"t\": [\"d\", \"Q4\", [[2]]]}]}";
        Map<String, String> files = Map.of("/fewrel/val_wiki.json", fewrel,
                "/fewrel/pid2name.json", "{\"P1\": [\"meets\", \"meets someone\"]}");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fewrel/", exchange -> {
            String content = files.get(exchange.getRequestURI().getPath());
            byte[] bytes = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(content == null ? 404 : 200, content == null ? -1 : bytes.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(bytes);
            }
        });
        server.start();
        System.setProperty("tenor.fewrel.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/fewrel/");
        System.setProperty("tenor.home", dir.resolve("home").toString());
        try {
            Path target = dir.resolve("out");
            assertEquals(0, run("dataset", "build", "--fewrel", "val_wiki", "--out", target.toString(), "--dev", "0"),
                    err);
            Path cache = dir.resolve("home/data/cache/fewrel");
            assertEquals(fewrel, Files.readString(cache.resolve("val_wiki.json")));
            assertTrue(err.contains("downloading http://127.0.0.1:" + server.getAddress().getPort()
                    + "/fewrel/val_wiki.json to " + cache), err);
            assertTrue(out.contains("  triplets    2  triplets.jsonl\n  dev         0  (no dev split)\n"), out);
            assertEquals("meets", TripletFile.read(target.resolve("triplets.jsonl")).get(0).relationName());

            // train_wiki is not served: a clear error, nothing written
            Path other = dir.resolve("other");
            assertEquals(1, run("dataset", "build", "--fewrel", "train_wiki", "--out", other.toString()));
            assertTrue(err.endsWith("tenor: http://127.0.0.1:" + server.getAddress().getPort()
                    + "/fewrel/train_wiki.json: HTTP 404 Not Found\n"), err);
            assertFalse(Files.exists(other));
        } finally {
            server.stop(0);
            System.clearProperty("tenor.fewrel.url");
            System.clearProperty("tenor.home");
        }
    }

    @Test
    void offlineDownloadIsAClearError() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        System.setProperty("tenor.fewrel.url", "http://127.0.0.1:" + port + "/");
        System.setProperty("tenor.home", dir.resolve("home").toString());
        try {
            assertEquals(1, run("dataset", "build", "--fewrel", "val_wiki", "--out", dir.resolve("o").toString()));
            assertTrue(err.endsWith("tenor: cannot reach 127.0.0.1:" + port + ": offline? (connection refused). "
                    + "Download the file another way and give its path instead.\n"), err);
        } finally {
            System.clearProperty("tenor.fewrel.url");
            System.clearProperty("tenor.home");
        }
    }

    @Test
    void progressBarDrawsInPlace() {
        assertEquals("[###############...............]  50%", ProgressBar.bar(500, 1000));
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), true, ProgressBar.Units.ITEMS);
        bar.progress(1000, 1000, "written");
        bar.close();
        String line = "[##############################] 100% 1,000/1,000 written";
        assertEquals("\r" + line + "\r" + " ".repeat(line.length()) + "\r", s.toString());
        StringWriter log = new StringWriter();
        ProgressBar plain = new ProgressBar(new PrintWriter(log), false, ProgressBar.Units.ITEMS);
        plain.progress(1, 2, "reading");
        plain.progress(2, 2, "reading");
        plain.progress(1, 1, "writing");
        assertEquals("reading\nwriting\n", log.toString().replace(System.lineSeparator(), "\n"));
    }
}
