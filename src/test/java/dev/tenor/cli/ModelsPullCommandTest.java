package dev.tenor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.model.hub.FakeHubServer;
import dev.tenor.model.hub.HubClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelsPullCommandTest {

    @TempDir
    Path tmp;

    private FakeHubServer hub;
    private String sha;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        hub = FakeHubServer.start();
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("config.json"), "{\"model_type\": \"bert\"}");
        Files.write(repo.resolve("model.safetensors"), new byte[2048]);
        Files.writeString(repo.resolve("tokenizer.json"), "{}");
        sha = hub.addModel("org/model", repo);
        System.setProperty(HubClient.ENDPOINT_PROPERTY, hub.endpoint().toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty(HubClient.ENDPOINT_PROPERTY);
        hub.close();
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new ModelsPullCommand(Interrupts.detached()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void pullsIntoTheFolderAndSaysWhatItDid() throws IOException {
        Path dir = tmp.resolve("models/hub/org--model");
        assertEquals(0, run("org/model", "--out", dir.toString()));
        String[] lines = out.toString().split("\\R");
        assertEquals("Pulled org/model (revision main, commit " + sha.substring(0, 12) + ") into " + dir, lines[0]);
        assertTrue(lines[1].startsWith("  3 files, 2.0 KB; 2.0 KB downloaded in "), lines[1]);
        assertArrayEquals(new byte[2048], Files.readAllBytes(dir.resolve("model.safetensors")));
        assertEquals("", err.toString());

        out.getBuffer().setLength(0);
        assertEquals(0, run("org/model", "--out", dir.toString()));
        assertEquals("Already up to date: org/model (revision main, commit " + sha.substring(0, 12) + ") in " + dir,
                out.toString().strip());
    }

    @Test
    void failuresExitWithOneAndAClearMessage() {
        Path dir = tmp.resolve("x");
        assertEquals(1, run("org/model", "--revision", "v2", "--out", dir.toString()));
        assertEquals("tenor: org/model: revision v2 not found", err.toString().strip());
        assertFalse(Files.exists(dir));
    }

    @Test
    void tokenOptionReachesTheHub() {
        hub.gate("org/model", "hf_cli");
        Path dir = tmp.resolve("g");
        assertEquals(0, run("org/model", "--out", dir.toString(), "--token", "hf_cli"));
        assertEquals("Bearer hf_cli", hub.requests("/model.safetensors").get(0).authorization());
    }
}
