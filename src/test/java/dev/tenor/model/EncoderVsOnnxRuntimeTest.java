package dev.tenor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.onnx.OnnxReference;
import dev.tenor.task.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tenor's DJL encoder against an independent implementation: ONNX Runtime running the same ONNX file
 * on the same token ids and truncation length. Embeddings must agree to cosine >= 0.9999, attention
 * probabilities to 1e-4, tokens to the Hugging Face tokenizer's.
 */
class EncoderVsOnnxRuntimeTest {

    static final String LONG = "The committee, having reviewed the quarterly figures from every regional office, "
            + "decided that the budget for next year would be frozen at current levels, that no new positions "
            + "would be opened until the audit concluded, and that travel would be limited to essential trips "
            + "approved in writing by a director; however, several members objected, arguing that the freeze would "
            + "hurt the teams already stretched thin by last winter's reorganisation, and they asked for a second "
            + "vote to be scheduled after the holidays, once the final numbers from the Asian and South American "
            + "subsidiaries had been received and checked by the external accountants who were hired in March.";

    static final List<String> SENTENCES = List.of(
            "How do I reset my PIN?",
            "what's the weather like in paris tomorrow",
            "SET AN ALARM FOR 7 AM",
            "Play some jazz.",
            "remind me to call mom at 5pm",
            "Cancel my 3 o'clock meeting!!!",
            "Is it going to rain this weekend?",
            "who is the lead singer of Coldplay",
            "turn the volume down",
            "Text Sarah that I'm running late",
            "Qu'est-ce que c'est ? Café, naïve, résumé.",
            "Ünïcödé façade — “quotes” and ‘apostrophes’ … ellipsis",
            "東京の天気は？ 北京欢迎你",
            "Emoji 🎉🚀 are not in the vocabulary 😊",
            "e-mail: someone@example.com, url: https://example.org/a?b=c&d=e",
            "Numbers 3.14159, 2,718 and -42 and 1e-9",
            "a",
            "?",
            "   leading and trailing spaces   ",
            "tabs\tand\nnewlines",
            "The Eiffel Tower is located in Paris.",
            "Paris is located in the Eiffel Tower.",
            "Barack Obama was born in Honolulu, Hawaii.",
            "Honolulu was born in Barack Obama.",
            "MiXeD CaSe SeNtEnCe WiTh WeIrD cApS",
            "(parentheses) [brackets] {braces} <angles>",
            "don't won't can't shouldn't y'all",
            "C++ and C# and F# and .NET",
            "supercalifragilisticexpialidocious antidisestablishmentarianism",
            LONG,
            LONG + " " + LONG,
            "what is the meaning of life ".repeat(100));

    @TempDir
    static Path home;

    @ParameterizedTest
    @EnumSource(BuiltinModel.class)
    void embeddingsAndAttentionMatchOnnxRuntime(BuiltinModel model) throws Exception {
        ModelFolder folder = new ModelStore(new TenorPaths(home)).importBuiltin(model, ProgressListener.NONE);
        assertEquals(model.maxSeqLength(), folder.settings().maxSeqLength());
        try (SentenceEncoder encoder = SentenceEncoder.open(folder);
             OnnxReference ort = OnnxReference.of(model);
             HuggingFaceTokenizer hf = OnnxReference.tokenizer(model)) {
            List<TokenizedText> tokens = encoder.tokenize(SENTENCES);
            // Tokens equal the Hugging Face tokenizer's on the prompted text, truncated at max_seq_length.
            int truncated = 0;
            for (int i = 0; i < SENTENCES.size(); i++) {
                Encoding e = hf.encode(model.queryPrefix() + SENTENCES.get(i));
                assertArrayEquals(e.getIds(), tokens.get(i).ids(), "ids of sentence " + i);
                assertEquals(Arrays.asList(e.getTokens()), tokens.get(i).tokens());
                assertTrue(tokens.get(i).length() <= model.maxSeqLength());
                truncated += tokens.get(i).length() == model.maxSeqLength() ? 1 : 0;
            }
            assertTrue(truncated >= 1, "some sentence must reach max_seq_length");
            int longIndex = SENTENCES.indexOf(LONG + " " + LONG);
            assertTrue(tokens.get(longIndex).length() > 128, "the long sentence passes 128 tokens");

            float[][] ours = encoder.encode(SENTENCES, 7, ProgressListener.NONE, dev.tenor.task.CancellationToken.NONE);
            double worst = 1;
            for (int i = 0; i < SENTENCES.size(); i++) {
                TokenizedText t = tokens.get(i);
                long[] mask = new long[t.length()];
                Arrays.fill(mask, 1L);
                float[][][] hidden = ort.lastHiddenState(new OnnxReference.TokenBatch(new long[][] {t.ids()},
                        new long[][] {mask}, new long[][] {t.typeIds()}));
                float[] ref = OnnxReference.pool(hidden, new long[][] {mask}, model.pooling(), true)[0];
                double cos = Vectors.cosine(ours[i], ref);
                worst = Math.min(worst, cos);
                assertTrue(cos >= 0.9999, model + " sentence " + i + " cosine " + cos);
            }
            System.out.printf("%s: worst cosine to ONNX Runtime over %d sentences: %.8f%n", model.modelName(),
                    SENTENCES.size(), worst);

            for (int i : new int[] {0, 11, 20, longIndex}) {
                TokenizedText t = tokens.get(i);
                long[] mask = new long[t.length()];
                Arrays.fill(mask, 1L);
                float[][][][] ref = ort.attention(t.ids(), mask, t.typeIds());
                TokenAttention att = encoder.attention(SENTENCES.get(i));
                assertEquals(ref.length, att.layers());
                assertEquals(12, att.heads());
                float maxDiff = 0;
                for (int l = 0; l < ref.length; l++) {
                    for (int h = 0; h < ref[l].length; h++) {
                        for (int r = 0; r < ref[l][h].length; r++) {
                            float rowSum = 0;
                            for (int c = 0; c < ref[l][h][r].length; c++) {
                                maxDiff = Math.max(maxDiff, Math.abs(ref[l][h][r][c] - att.probabilities()[l][h][r][c]));
                                rowSum += att.probabilities()[l][h][r][c];
                            }
                            assertEquals(1f, rowSum, 1e-5f, "row sum");
                        }
                    }
                }
                assertTrue(maxDiff <= 1e-4f, model + " attention max diff " + maxDiff);
            }
        }
    }

    static List<String> sentences() {
        return new ArrayList<>(SENTENCES);
    }
}
