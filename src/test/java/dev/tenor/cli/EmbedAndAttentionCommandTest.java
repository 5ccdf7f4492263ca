package dev.tenor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.Json;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tenor embed} and {@code tenor attention} end to end on the default model. */
class EmbedAndAttentionCommandTest {

    @TempDir
    static Path home;

    static ModelFolder model;

    @BeforeAll
    static void importModel() {
        System.setProperty("tenor.home", home.toString());
        model = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(), ProgressListener.NONE);
    }

    @AfterAll
    static void reset() {
        System.clearProperty("tenor.home");
    }

    /** What a run printed ({@link CommandRun}). */
    private static CommandRun run(String... args) {
        return CommandRun.run(args);
    }

    @Test
    void embedWritesOneVectorPerLineInInputOrder() throws IOException {
        List<String> lines = List.of("Play some jazz", "How do I reset my PIN?", "what's the weather tomorrow");
        Path in = home.resolve("in.txt");
        Files.write(in, lines);
        Path out = home.resolve("out.json");
        CommandRun r = run("embed", "--model", model.dir().toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode arr = Json.read(out);
        assertEquals(3, arr.size());
        float[][] expected;
        try (SentenceEncoder e = SentenceEncoder.open(model)) {
            expected = e.encode(lines);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(384, arr.get(i).size());
            for (int j = 0; j < 384; j++) {
                assertEquals(expected[i][j], arr.get(i).get(j).floatValue(), 1e-6f);
            }
        }
        CommandRun tsv = run("embed", "--input", in.toString(), "--output", "-", "--format", "tsv");
        assertEquals(0, tsv.code(), tsv.err());
        String[] rows = tsv.out().split("\n");
        assertEquals(3, rows.length);
        assertEquals(384, rows[1].split("\t").length);
        assertEquals(expected[1][0], Float.parseFloat(rows[1].split("\t")[0]), 1e-6f);
    }

    @Test
    void embedRejectsEmptyLinesAndMissingFiles() throws IOException {
        Path in = home.resolve("gap.txt");
        Files.writeString(in, "first\n\nthird\n");
        CommandRun r = run("embed", "--input", in.toString(), "--output", home.resolve("x.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("tenor: " + in + ": line 2 is empty; give one sentence per line"), r.err());
        assertTrue(!Files.exists(home.resolve("x.json")));
        CommandRun missing = run("embed", "--input", home.resolve("none.txt").toString(), "--output", "-");
        assertTrue(missing.err().contains(home.resolve("none.txt") + ": file not found"), missing.err());
        Path ok = home.resolve("ok.txt");
        Files.writeString(ok, "fine\n");
        CommandRun badModel = run("embed", "--model", home.toString(), "--input", ok.toString(), "--output", "-");
        assertEquals(1, badModel.code());
        assertTrue(badModel.err().contains(home + ": not a model folder: config.json is missing"), badModel.err());
    }

    /** Long lines are cut to the model's length, and the user is told which ones, by line number. */
    @Test
    void embedNamesTheLinesItTruncates() throws IOException {
        Path in = home.resolve("long.txt");
        String huge = "word ".repeat(20_000).trim();
        Files.write(in, List.of("short one", huge, "short two", "again " + huge));
        Path out = home.resolve("long.json");
        CommandRun r = run("embed", "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("tenor embed: warning: " + in + ": line 2 is longer than the model reads; only "
                + "its first 256 tokens are used"), r.err());
        assertTrue(r.err().contains(": line 4 is longer"), r.err());
        assertTrue(!r.err().contains(": line 1 is longer") && !r.err().contains(": line 3 is longer"), r.err());
        assertTrue(r.err().contains("wrote 4 embeddings of dimension 384 to " + out
                + "; 2 lines were truncated at 256 tokens"), r.err());
        assertEquals(4, Json.read(out).size());
    }

    @Test
    void embedRefusesToOverwriteItsInputAndNamesTargetsItCannotWrite() throws IOException {
        Path in = home.resolve("same.txt");
        Files.writeString(in, "keep me\n");
        CommandRun same = run("embed", "--input", in.toString(), "--output", in.toString());
        assertEquals(1, same.code());
        assertTrue(same.err().contains("tenor: " + in + ": is the input file; write the embeddings to another file"),
                same.err());
        assertEquals("keep me\n", Files.readString(in), "the input is untouched");
        Path blocker = home.resolve("a-file");
        Files.writeString(blocker, "x");
        Path target = blocker.resolve("out.json"); // a folder that cannot exist: its parent is a file
        CommandRun bad = run("embed", "--input", in.toString(), "--output", target.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("tenor: " + target + ": cannot write ("), bad.err());
        assertTrue(!bad.err().contains(".tmp") && !bad.err().contains("Exception"), bad.err());
        assertTrue(bad.err().contains("tenor: " + target + ": cannot write (a file stands where a folder should be: "
                + blocker + ")"), bad.err());
    }

    @Test
    void attentionPrintsTokensAndRowStochasticMaps() {
        CommandRun r = run("attention", "Paris is in France.");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.MAPPER.valueToTree(Json.MAPPER.convertValue(parse(r.out()), Object.class));
        List<String> tokens = List.of("[CLS]", "paris", "is", "in", "france", ".", "[SEP]");
        assertEquals(tokens.size(), j.get("tokens").size());
        for (int i = 0; i < tokens.size(); i++) {
            assertEquals(tokens.get(i), j.get("tokens").get(i).asText());
        }
        JsonNode att = j.get("attention");
        assertEquals(6, att.size());
        assertEquals(12, att.get(0).size());
        assertEquals(7, att.get(5).get(11).size());
        for (JsonNode layer : att) {
            for (JsonNode head : layer) {
                for (JsonNode row : head) {
                    double sum = 0;
                    for (JsonNode v : row) {
                        sum += v.asDouble();
                    }
                    assertEquals(1.0, sum, 1e-5);
                }
            }
        }
        CommandRun empty = run("attention", " ");
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("tenor: the sentence is empty"), empty.err());
    }

    private static JsonNode parse(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
