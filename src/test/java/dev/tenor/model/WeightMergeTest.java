package dev.tenor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.cli.TenorCommand;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WiSE-FT merging: the end points are the two models, the middle is the weights' average, mismatches refused. */
class WeightMergeTest {

    private static final SentenceSettings SETTINGS = new SentenceSettings(64, Pooling.MEAN, true, "");
    private static final List<String> SENTENCES = List.of("book a flight to boston tomorrow morning",
            "what is the weather in paris", "remind me to call mum", "x", "Ünïcödé sentences work too");

    @TempDir
    Path dir;

    private static float[][] embed(ModelFolder m) {
        try (SentenceEncoder e = SentenceEncoder.open(m)) {
            return e.encode(SENTENCES);
        }
    }

    @Test
    void alphaZeroIsTheBaseOneTheTunedAndAHalfTheAverage() throws Exception {
        ModelFolder base = TinyModels.write(dir.resolve("base"), SETTINGS, 1);
        ModelFolder tuned = TinyModels.write(dir.resolve("tuned"), SETTINGS, 2);
        WeightMerge merge = WeightMerge.of(base, tuned);
        ModelFolder zero = merge.write(0, dir.resolve("m0"), Map.of());
        ModelFolder one = merge.write(1, dir.resolve("m1"), Map.of());
        float[][] b = embed(base);
        float[][] t = embed(tuned);
        float[][] z = embed(zero);
        float[][] o = embed(one);
        for (int i = 0; i < SENTENCES.size(); i++) {
            assertTrue(Vectors.cosine(b[i], z[i]) >= 0.99999, "alpha 0 vs base, sentence " + i);
            assertTrue(Vectors.cosine(t[i], o[i]) >= 0.99999, "alpha 1 vs tuned, sentence " + i);
            assertTrue(Vectors.cosine(b[i], t[i]) < 0.999, "the two models must differ for the test to mean anything");
        }
        String name = "encoder.layer.0.attention.self.query.weight";
        float x = SafeTensors.read(base.weightsFile()).tensors().get(name).data()[7];
        float y = SafeTensors.read(tuned.weightsFile()).tensors().get(name).data()[7];
        float mid = merge.weights(0.25).get(name).data()[7];
        assertEquals(0.75 * x + 0.25 * y, mid, 1e-7);
        ModelFolder quarter = merge.write(0.25, dir.resolve("q"), Map.of("note", "test"));
        var provenance = Json.read(quarter.dir().resolve(ModelFolder.PROVENANCE));
        assertEquals("merged", provenance.path("source").asText());
        assertEquals(0.25, provenance.path("merge_alpha").asDouble());
        assertEquals(base.dir().toString(), provenance.path("merge_base").asText());
        assertEquals(tuned.dir().toString(), provenance.path("merge_tuned").asText());
    }

    @Test
    void modelsOfOtherShapesAreRefusedAndNothingIsWritten() throws Exception {
        ModelFolder base = TinyModels.write(dir.resolve("base"), SETTINGS, 1);
        BertConfig wider = new BertConfig(30522, 48, 2, 4, 64, 128, 2, 1e-12, "gelu");
        ModelFolder other = TinyModels.write(dir.resolve("other"), wider, SETTINGS, 2);
        BadInputException e = assertThrows(BadInputException.class, () -> WeightMerge.of(base, other));
        assertTrue(e.getMessage().startsWith(other.dir().resolve("config.json") + ": differs from the base model's "
                + base.dir().resolve("config.json")), e.getMessage());

        StringWriter err = new StringWriter();
        var cl = TenorCommand.commandLine();
        cl.setErr(new PrintWriter(err));
        Path out = dir.resolve("merged");
        assertEquals(1, cl.execute("merge", "--base", base.dir().toString(), "--tuned", other.dir().toString(),
                "--alpha", "0.5", "--out", out.toString()));
        assertTrue(err.toString().contains("only models of the same architecture can be merged"), err.toString());
        assertFalse(Files.exists(out));
        assertEquals(1, cl.execute("merge", "--base", base.dir().toString(), "--tuned", base.dir().toString(),
                "--alpha", "1.5", "--out", out.toString()));
        assertTrue(err.toString().contains("tenor: --alpha must be a number between 0 and 1, got 1.5"), err.toString());
        assertFalse(Files.exists(out));
    }
}
