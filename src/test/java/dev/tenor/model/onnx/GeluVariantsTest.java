package dev.tenor.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.model.BertConfig;
import dev.tenor.model.FloatTensor;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import dev.tenor.model.TokenizedText;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed-forward activation follows config.json: the exact GELU and its tanh approximation
 * ({@code gelu_new}, {@code gelu_pytorch_tanh}) each match the double-precision reference; anything else is
 * refused naming the file and the value.
 */
class GeluVariantsTest {

    private static final List<String> SENTENCES = List.of("wake me up at seven", "what is the weather in Paris",
            "play some jazz and turn the volume up");

    @TempDir
    Path tmp;

    /** Mean-pooled, normalised embedding from the reference's hidden states. */
    private static double[] reference(NaiveBert bert, TokenizedText t) {
        double[][] h = bert.forward(t.ids(), t.typeIds()).hidden();
        double[] mean = new double[h[0].length];
        for (double[] row : h) {
            for (int j = 0; j < row.length; j++) {
                mean[j] += row[j] / h.length;
            }
        }
        double norm = 0;
        for (double v : mean) {
            norm += v * v;
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= Math.sqrt(norm);
        }
        return mean;
    }

    private double maxDiffToReference(String act, float[][] out) throws IOException {
        BertConfig c = config(act);
        Map<String, FloatTensor> w = new java.util.LinkedHashMap<>(TinyModels.randomWeights(c, 11));
        // BERT's random init (std 0.02) keeps the activation's inputs near 0, where both forms agree to 1e-7:
        // scale the feed-forward input so they reach the range where the forms differ
        w.replaceAll((name, t) -> {
            if (!name.endsWith("intermediate.dense.weight") && !name.endsWith("output.dense.weight")) {
                return t;
            }
            float[] d = t.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] *= name.endsWith("intermediate.dense.weight") ? 5 : 20;
            }
            return new FloatTensor(t.shape(), d);
        });
        ModelFolder f = ModelFolder.write(tmp.resolve(act), new ModelFolder.Contents(c,
                new SentenceSettings(64, Pooling.MEAN, true, ""), w, TinyModels.minilmTokenizer(), null, Map.of()));
        assertEquals(act, f.config().hiddenAct(), "config.json keeps the name");
        NaiveBert naive = new NaiveBert(new OnnxBertWeights(c, w, true, true));
        double worst = 0;
        try (SentenceEncoder e = SentenceEncoder.open(f)) {
            float[][] got = e.encode(SENTENCES);
            for (int s = 0; s < SENTENCES.size(); s++) {
                double[] want = reference(naive, e.tokenize(SENTENCES.get(s)));
                for (int j = 0; j < want.length; j++) {
                    worst = Math.max(worst, Math.abs(want[j] - got[s][j]));
                }
                out[s] = got[s];
            }
        }
        return worst;
    }

    private static BertConfig config(String act) {
        return new BertConfig(30522, 64, 2, 4, 128, 128, 2, 1e-12, act);
    }

    @Test
    void eachGeluFormMatchesTheReferenceAndTheyDiffer() throws IOException {
        float[][] exact = new float[3][];
        float[][] tanh = new float[3][];
        float[][] pytorchTanh = new float[3][];
        assertTrue(maxDiffToReference("gelu", exact) < 2e-6);
        assertTrue(maxDiffToReference("gelu_new", tanh) < 2e-6);
        assertTrue(maxDiffToReference("gelu_pytorch_tanh", pytorchTanh) < 2e-6);
        double apart = 0;
        for (int s = 0; s < 3; s++) {
            for (int j = 0; j < exact[s].length; j++) {
                apart = Math.max(apart, Math.abs(exact[s][j] - tanh[s][j]));
                assertEquals(tanh[s][j], pytorchTanh[s][j], 1e-7f, "two names of one function");
            }
        }
        assertTrue(apart > 1e-5, "the two forms are told apart: " + apart);
    }

    @Test
    void anUnknownActivationIsRefusedNamingTheFileAndTheValue() throws IOException {
        ModelFolder f = TinyModels.write(tmp.resolve("m"), new SentenceSettings(32, Pooling.MEAN, true, ""), 1);
        ObjectNode cfg = (ObjectNode) Json.read(f.dir().resolve(ModelFolder.CONFIG));
        cfg.put("hidden_act", "swish");
        Json.write(f.dir().resolve(ModelFolder.CONFIG), cfg);
        BadInputException e = assertThrows(BadInputException.class, () -> ModelFolder.open(f.dir()));
        assertEquals(f.dir().resolve(ModelFolder.CONFIG) + ": hidden_act 'swish' is not supported; Tenor runs gelu, "
                + "gelu_new, gelu_pytorch_tanh, gelu_fast", e.getMessage());
    }
}
