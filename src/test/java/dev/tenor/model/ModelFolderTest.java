package dev.tenor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderTest {

    static final List<String> SENTENCES = List.of("How do I reset my PIN?", "Play some jazz", "",
            "a much longer sentence that goes on and on about the weather in Paris tomorrow morning");

    @TempDir
    Path tmp;

    @Test
    void writtenFolderHasSentenceTransformersLayout() throws IOException {
        ModelFolder f = TinyModels.write(tmp.resolve("m"), new SentenceSettings(64, Pooling.MEAN, true, ""), 1);
        Path d = f.dir();
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "special_tokens_map.json", "vocab.txt", "modules.json", "sentence_bert_config.json",
                "1_Pooling/config.json", "config_sentence_transformers.json")) {
            assertTrue(Files.isRegularFile(d.resolve(file)), file);
        }
        assertTrue(Files.isDirectory(d.resolve("2_Normalize")));
        JsonNode modules = Json.read(d.resolve("modules.json"));
        assertEquals("sentence_transformers.models.Normalize", modules.get(2).get("type").asText());
        assertEquals("2_Normalize", modules.get(2).get("path").asText());
        assertEquals(64, Json.read(d.resolve("sentence_bert_config.json")).get("max_seq_length").asInt());
        JsonNode pool = Json.read(d.resolve("1_Pooling/config.json"));
        assertEquals(32, pool.get("word_embedding_dimension").asInt());
        assertTrue(pool.get("pooling_mode_mean_tokens").asBoolean());
        assertEquals("bert", Json.read(d.resolve("config.json")).get("model_type").asText());
        assertEquals(30522, Files.readAllLines(d.resolve("vocab.txt")).size());
        assertEquals("[CLS]", Files.readAllLines(d.resolve("vocab.txt")).get(101));
        assertEquals(new SentenceSettings(64, Pooling.MEAN, true, ""), f.settings());
        assertEquals(TinyModels.TINY, f.config());
    }

    @Test
    void roundTripGivesIdenticalEmbeddings() throws IOException {
        ModelFolder f = TinyModels.write(tmp.resolve("a"), new SentenceSettings(64, Pooling.CLS, false, "query: "), 2);
        float[][] first;
        ModelFolder copy;
        try (SentenceEncoder e = SentenceEncoder.open(f)) {
            first = e.encode(SENTENCES);
            copy = ModelSnapshot.save(e.model(), tmp.resolve("b"), Map.of());
        }
        assertEquals(f.settings(), copy.settings());
        try (SentenceEncoder e = SentenceEncoder.open(copy)) {
            float[][] second = e.encode(SENTENCES);
            for (int i = 0; i < first.length; i++) {
                assertArrayEquals(first[i], second[i], 0f);
            }
        }
    }

    @Test
    void halfPrecisionWeightsLoad() throws IOException {
        ModelFolder f = TinyModels.write(tmp.resolve("f32"), new SentenceSettings(64, Pooling.MEAN, true, ""), 3);
        SafeTensors.Contents c = SafeTensors.read(f.weightsFile());
        float[][] reference;
        try (SentenceEncoder e = SentenceEncoder.open(f)) {
            reference = e.encode(SENTENCES);
        }
        for (SafeTensors.DType dtype : new SafeTensors.DType[] {SafeTensors.DType.F16, SafeTensors.DType.BF16}) {
            SafeTensors.write(f.weightsFile(), c.tensors(), Map.of(), dtype);
            SafeTensors.Contents back = SafeTensors.read(f.weightsFile());
            float[] orig = c.tensors().get("encoder.layer.0.attention.self.query.weight").data();
            float[] half = back.tensors().get("encoder.layer.0.attention.self.query.weight").data();
            float tol = dtype == SafeTensors.DType.F16 ? 1e-4f : 1e-3f; // weights ~N(0, 0.02)
            assertArrayEquals(orig, half, tol, dtype.name());
            try (SentenceEncoder e = SentenceEncoder.open(ModelFolder.open(f.dir()))) {
                float[][] got = e.encode(SENTENCES);
                for (int i = 0; i < got.length; i++) {
                    assertTrue(Vectors.cosine(reference[i], got[i]) > 0.999, dtype + " sentence " + i);
                }
            }
        }
    }

    @Test
    void halfConversionIsExactForRepresentableValues() {
        for (float v : new float[] {0f, 1f, -2f, 0.5f, 65504f, 6.1035156e-5f, 5.9604645e-8f, -0.333251953125f}) {
            assertEquals(v, SafeTensors.halfToFloat(SafeTensors.floatToHalf(v)), 0f, "value " + v);
        }
        assertEquals(Float.POSITIVE_INFINITY, SafeTensors.halfToFloat(SafeTensors.floatToHalf(1e6f)));
    }

    @Test
    void badFoldersGiveClearMessages() throws IOException {
        Path missing = tmp.resolve("nope");
        assertEquals(missing + ": model folder not found",
                assertThrows(BadInputException.class, () -> ModelFolder.open(missing)).getMessage());

        ModelFolder f = TinyModels.write(tmp.resolve("m"), new SentenceSettings(64, Pooling.MEAN, true, ""), 4);
        Path half = tmp.resolve("half");
        Files.createDirectories(half);
        Files.copy(f.dir().resolve("config.json"), half.resolve("config.json"));
        assertEquals(half + ": model.safetensors is missing (half-written or incomplete folder?)",
                assertThrows(BadInputException.class, () -> ModelFolder.open(half)).getMessage());
        Files.writeString(half.resolve("pytorch_model.bin"), "x");
        assertTrue(assertThrows(BadInputException.class, () -> ModelFolder.open(half)).getMessage()
                .contains("only pytorch_model.bin"));

        Path roberta = tmp.resolve("roberta");
        Files.createDirectories(roberta);
        Files.writeString(roberta.resolve("config.json"), "{\"model_type\": \"xlm-roberta\", \"hidden_size\": 8}");
        assertEquals(roberta.resolve("config.json") + ": unknown model type 'xlm-roberta': Tenor's encoder runs BERT "
                        + "models (model_type \"bert\")",
                assertThrows(BadInputException.class, () -> ModelFolder.open(roberta)).getMessage());

        Files.writeString(f.weightsFile(), "\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u007f{}");
        String msg = assertThrows(BadInputException.class, () -> SentenceEncoder.open(ModelFolder.open(f.dir())))
                .getMessage();
        assertTrue(msg.startsWith(f.weightsFile() + ": corrupt safetensors header"), msg);

        Path badJson = tmp.resolve("badjson");
        Files.createDirectories(badJson);
        Files.writeString(badJson.resolve("config.json"), "{\"model_type\": \"bert\",\n \"hidden_size\": }");
        msg = assertThrows(BadInputException.class, () -> ModelFolder.open(badJson)).getMessage();
        assertTrue(msg.startsWith(badJson.resolve("config.json") + ": malformed JSON at line 2, column"), msg);
    }

    @Test
    void truncatedWeightsAreRejected() throws IOException {
        ModelFolder f = TinyModels.write(tmp.resolve("t"), new SentenceSettings(64, Pooling.MEAN, true, ""), 5);
        byte[] all = Files.readAllBytes(f.weightsFile());
        Files.write(f.weightsFile(), java.util.Arrays.copyOf(all, all.length / 2));
        String msg = assertThrows(BadInputException.class, () -> SafeTensors.read(f.weightsFile())).getMessage();
        assertTrue(msg.contains("do not fit"), msg);
    }

    /**
     * Every JSON file Tenor writes against the same file of a real sentence-transformers folder
     * (all-MiniLM-L6-v2 as sentence-transformers 3.2.1 saved it, ../shared/reference): each field Tenor
     * writes exists there with the same JSON type (a null there accepts any type), and the files that
     * sentence-transformers reads whole have exactly its fields.
     */
    @Test
    void jsonFilesHaveTheFieldsAndTypesOfARealSentenceTransformersFolder() throws IOException {
        Path ref = dev.tenor.TestEnvironment.needData(
                Path.of("../shared/reference/sentence-transformers-folder/all-MiniLM-L6-v2"));
        ModelFolder f = TinyModels.write(tmp.resolve("m"), new SentenceSettings(256, Pooling.MEAN, true, ""), 1);
        List<String> problems = new java.util.ArrayList<>();
        for (String file : List.of("modules.json", "sentence_bert_config.json", "1_Pooling/config.json",
                "config_sentence_transformers.json", "special_tokens_map.json")) {
            compare(file, "", Json.read(ref.resolve(file)), Json.read(f.dir().resolve(file)), true, problems);
        }
        for (String file : List.of("config.json", "tokenizer_config.json")) {
            compare(file, "", Json.read(ref.resolve(file)), Json.read(f.dir().resolve(file)), false, problems);
        }
        assertEquals(List.of(), problems);
        // the fields transformers needs to build the model and its tokenizer are all there
        JsonNode cfg = Json.read(f.dir().resolve("config.json"));
        for (String k : List.of("architectures", "model_type", "vocab_size", "hidden_size", "num_hidden_layers",
                "num_attention_heads", "intermediate_size", "hidden_act", "max_position_embeddings",
                "type_vocab_size", "layer_norm_eps", "pad_token_id")) {
            assertTrue(cfg.has(k), "config.json lacks " + k);
        }
        JsonNode tok = Json.read(f.dir().resolve("tokenizer_config.json"));
        assertEquals(Json.read(ref.resolve("tokenizer_config.json")).get("added_tokens_decoder"),
                tok.get("added_tokens_decoder"));
        assertEquals(Json.read(ref.resolve("special_tokens_map.json")),
                Json.read(f.dir().resolve("special_tokens_map.json")));
        String card = Files.readString(f.dir().resolve("README.md"));
        assertTrue(card.startsWith("---\nlibrary_name: sentence-transformers\n"), card);
        assertTrue(card.contains("\n# m\n") && card.contains("## Usage (Sentence-Transformers)"), card);
    }

    /** Fields of {@code ours} missing from {@code ref} or of another type; with {@code exact}, also the reverse. */
    private static void compare(String file, String path, JsonNode ref, JsonNode ours, boolean exact,
                                List<String> problems) {
        if (ref.isNull()) {
            return;
        }
        if (ref.getNodeType() != ours.getNodeType() && !(ref.isNumber() && ours.isNumber())) {
            problems.add(file + " " + path + ": " + ours.getNodeType() + " where sentence-transformers has "
                    + ref.getNodeType());
            return;
        }
        if (ref.isArray()) {
            for (int i = 0; i < Math.min(ref.size(), ours.size()); i++) {
                compare(file, path + "[" + i + "]", ref.get(i), ours.get(i), exact, problems);
            }
        } else if (ref.isObject()) {
            for (var it = ours.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!ref.has(k)) {
                    problems.add(file + " " + path + "." + k + ": not a field sentence-transformers writes");
                } else {
                    compare(file, path + "." + k, ref.get(k), ours.get(k), exact, problems);
                }
            }
            if (exact) {
                for (var it = ref.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!ours.has(k)) {
                        problems.add(file + " " + path + "." + k + ": missing");
                    }
                }
            }
        }
    }
}
