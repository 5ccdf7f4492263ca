package dev.tenor.model.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtException;
import dev.tenor.model.BuiltinModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX Runtime as the reference: its inputs, pooling, attention maps, and agreement with the importer. */
class OnnxReferenceTest {

    private static final List<String> SENTENCES = List.of(
            "Hello, world!",
            "The quick brown fox jumps over the lazy dog.",
            "set an alarm for 7 am tomorrow",
            "WHAT IS THE WEATHER LIKE IN PARIS?",
            "Café déjà vu: naïve résumé, 東京 🚀",
            "a");

    @ParameterizedTest
    @EnumSource(BuiltinModel.class)
    void graphInputsAndOutputs(BuiltinModel model) throws OrtException {
        OnnxReference ref = BuiltinFixtures.reference(model);
        assertEquals(Set.of("input_ids", "attention_mask", "token_type_ids"), ref.inputNames());
        assertEquals(Set.of("last_hidden_state"), ref.outputNames());
        int layers = model == BuiltinModel.ALL_MINILM_L6_V2 ? 6 : 12;
        List<String> softmax = ref.softmaxOutputs();
        assertEquals(layers, softmax.size());
        for (int i = 0; i < layers; i++) {
            assertEquals("/encoder/layer." + i + "/attention/self/Softmax_output_0", softmax.get(i));
        }
    }

    @Test
    void tokenizerGivesBertWordPiecesWithoutPadding() {
        Encoding e = BuiltinFixtures.tokenizer(BuiltinModel.ALL_MINILM_L6_V2).encode("Hello, world!");
        assertArrayEquals(new String[] {"[CLS]", "hello", ",", "world", "!", "[SEP]"}, e.getTokens());
        assertArrayEquals(new long[] {101, 7592, 1010, 2088, 999, 102}, e.getIds());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1}, e.getAttentionMask());
        assertArrayEquals(new long[6], e.getTypeIds());
    }

    @ParameterizedTest
    @EnumSource(BuiltinModel.class)
    void tokenizerTruncatesAtTheModelsMaxSeqLengthNot128(BuiltinModel model) {
        Encoding e = BuiltinFixtures.tokenizer(model).encode("many words ".repeat(400));
        assertEquals(model.maxSeqLength(), e.getIds().length);
        assertEquals(101, e.getIds()[0]);
        assertEquals(102, e.getIds()[e.getIds().length - 1]);
    }

    @ParameterizedTest
    @EnumSource(BuiltinModel.class)
    void pooledEmbeddingsAreUnitLengthAndIgnorePadding(BuiltinModel model) throws OrtException {
        OnnxReference ref = BuiltinFixtures.reference(model);
        HuggingFaceTokenizer tokenizer = BuiltinFixtures.tokenizer(model);
        List<Encoding> encodings = new ArrayList<>();
        for (String s : SENTENCES) {
            encodings.add(tokenizer.encode(model.queryPrefix() + s));
        }
        OnnxReference.TokenBatch batch = OnnxReference.TokenBatch.of(encodings);
        float[][][] hidden = ref.lastHiddenState(batch);
        assertEquals(SENTENCES.size(), hidden.length);
        assertEquals(384, hidden[0][0].length);
        float[][] batched = OnnxReference.pool(hidden, batch.attentionMask(), model.pooling(), true);

        for (int i = 0; i < SENTENCES.size(); i++) {
            assertEquals(1.0, norm(batched[i]), 1e-5, SENTENCES.get(i));
            OnnxReference.TokenBatch alone = OnnxReference.TokenBatch.of(List.of(encodings.get(i)));
            float[] single = OnnxReference.pool(ref.lastHiddenState(alone), alone.attentionMask(), model.pooling(),
                    true)[0];
            assertTrue(cosine(single, batched[i]) > 0.99999, "padding changed " + SENTENCES.get(i));
        }
        // Embeddings carry meaning: the two alarm requests are closer than an alarm and a fox.
        OnnxReference.TokenBatch meaning = OnnxReference.TokenBatch.of(List.of(
                tokenizer.encode(model.queryPrefix() + "wake me up at seven tomorrow morning"),
                tokenizer.encode(model.queryPrefix() + "set an alarm for 7 am tomorrow"),
                tokenizer.encode(model.queryPrefix() + "The quick brown fox jumps over the lazy dog.")));
        float[][] e = OnnxReference.pool(ref.lastHiddenState(meaning), meaning.attentionMask(), model.pooling(), true);
        assertTrue(cosine(e[0], e[1]) > cosine(e[1], e[2]) + 0.1,
                cosine(e[0], e[1]) + " vs " + cosine(e[1], e[2]));
    }

    @ParameterizedTest
    @EnumSource(BuiltinModel.class)
    void attentionHasLayersTimesHeadsAndRowsSumToOne(BuiltinModel model) throws OrtException {
        Encoding e = BuiltinFixtures.tokenizer(model).encode("The cat sat on the mat, didn't it?");
        float[][][][] attention = BuiltinFixtures.reference(model)
                .attention(e.getIds(), e.getAttentionMask(), e.getTypeIds());
        int tokens = e.getIds().length;
        assertEquals(model == BuiltinModel.ALL_MINILM_L6_V2 ? 6 : 12, attention.length);
        for (float[][][] layer : attention) {
            assertEquals(12, layer.length);
            for (float[][] head : layer) {
                assertEquals(tokens, head.length);
                for (float[] row : head) {
                    assertEquals(tokens, row.length);
                    double sum = 0;
                    for (float p : row) {
                        assertTrue(p >= 0 && p <= 1, "probability " + p);
                        sum += p;
                    }
                    assertEquals(1.0, sum, 1e-5);
                }
            }
        }
    }

    /** The importer's weights in a plain-Java BERT reproduce ONNX Runtime's states and attention. */
    @ParameterizedTest
    @EnumSource(BuiltinModel.class)
    void importedWeightsReproduceOnnxRuntime(BuiltinModel model) throws OrtException {
        OnnxReference ref = BuiltinFixtures.reference(model);
        NaiveBert naive = new NaiveBert(BuiltinFixtures.weights(model));
        HuggingFaceTokenizer tokenizer = BuiltinFixtures.tokenizer(model);
        List<String> texts = new ArrayList<>(List.of("Is it going to rain in Berlin on Saturday?",
                "Play \"Bohemian Rhapsody\" by Queen, LOUD!"));
        if (model == BuiltinModel.ALL_MINILM_L6_V2) {
            // Past 128 tokens, so positions the jar's tokenizer.json would have cut are checked too.
            texts.add("Remind me to call the dentist, buy milk and eggs, and water the plants. ".repeat(9));
        }
        for (String text : texts) {
            Encoding e = tokenizer.encode(model.queryPrefix() + text);
            OnnxReference.TokenBatch batch = OnnxReference.TokenBatch.of(List.of(e));
            float[][] expected = ref.lastHiddenState(batch)[0];
            NaiveBert.Output actual = naive.forward(e.getIds(), e.getTypeIds());

            double hiddenDiff = 0;
            for (int t = 0; t < expected.length; t++) {
                for (int j = 0; j < expected[t].length; j++) {
                    hiddenDiff = Math.max(hiddenDiff, Math.abs(expected[t][j] - actual.hidden()[t][j]));
                }
            }
            assertTrue(hiddenDiff < 1e-4, model + " hidden state differs by " + hiddenDiff + " for " + text);

            float[][][][] attention = ref.attention(e.getIds(), e.getAttentionMask(), e.getTypeIds());
            double attentionDiff = 0;
            for (int l = 0; l < attention.length; l++) {
                for (int h = 0; h < attention[l].length; h++) {
                    for (int i = 0; i < attention[l][h].length; i++) {
                        for (int j = 0; j < attention[l][h][i].length; j++) {
                            attentionDiff = Math.max(attentionDiff,
                                    Math.abs(attention[l][h][i][j] - actual.attention()[l][h][i][j]));
                        }
                    }
                }
            }
            assertTrue(attentionDiff < 1e-4, model + " attention differs by " + attentionDiff);

            float[] pooledRef = OnnxReference.pool(new float[][][] {expected}, batch.attentionMask(),
                    model.pooling(), true)[0];
            float[][] naiveHidden = new float[expected.length][expected[0].length];
            for (int t = 0; t < expected.length; t++) {
                for (int j = 0; j < expected[0].length; j++) {
                    naiveHidden[t][j] = (float) actual.hidden()[t][j];
                }
            }
            float[] pooledNaive = OnnxReference.pool(new float[][][] {naiveHidden}, batch.attentionMask(),
                    model.pooling(), true)[0];
            assertTrue(cosine(pooledRef, pooledNaive) > 0.99999);
            System.out.printf("%s tokens=%d max|dHidden|=%.2e max|dAttention|=%.2e cosine=%.8f read=%d ms%n",
                    model.modelName(), e.getIds().length, hiddenDiff, attentionDiff,
                    cosine(pooledRef, pooledNaive), BuiltinFixtures.readMillis(model));
        }
    }

    @Test
    void erfIsAccurate() {
        assertEquals(0.5204998778130465, NaiveBert.erf(0.5), 1e-14);
        assertEquals(-0.8427007929497149, NaiveBert.erf(-1.0), 1e-14);
        assertEquals(0.9995930479825550, NaiveBert.erf(2.5), 1e-13);
        assertEquals(0.9999779095030014, NaiveBert.erf(3.0), 1e-13);
        assertEquals(0.9999999845827421, NaiveBert.erf(4.0), 1e-13);
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }
}
