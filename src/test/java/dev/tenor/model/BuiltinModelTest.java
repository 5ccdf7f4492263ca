package dev.tenor.model;

import dev.tenor.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltinModelTest {

    @Test
    void namesAndDefault() {
        assertEquals(List.of("all-MiniLM-L6-v2", "bge-small-en-v1.5", "e5-small-v2"), BuiltinModel.names());
        assertEquals(BuiltinModel.ALL_MINILM_L6_V2, BuiltinModel.DEFAULT);
    }

    @Test
    void lookupIgnoresCase() {
        assertEquals(Optional.of(BuiltinModel.ALL_MINILM_L6_V2), BuiltinModel.find("ALL-minilm-L6-V2"));
        assertEquals(BuiltinModel.E5_SMALL_V2, BuiltinModel.byName(" e5-small-v2 "));
        assertEquals(BuiltinModel.BGE_SMALL_EN_V15, BuiltinModel.byName("BGE-small-en-v1.5"));
        assertEquals(Optional.empty(), BuiltinModel.find("bert-base-uncased"));
        assertEquals(Optional.empty(), BuiltinModel.find(null));
        BadInputException e = assertThrows(BadInputException.class, () -> BuiltinModel.byName("minilm"));
        assertEquals("unknown built-in model 'minilm'; built-in models are all-MiniLM-L6-v2, bge-small-en-v1.5, "
                + "e5-small-v2", e.getMessage());
    }

    @Test
    void sentenceTransformersSettings() {
        assertEquals(256, BuiltinModel.ALL_MINILM_L6_V2.maxSeqLength());
        assertEquals(512, BuiltinModel.BGE_SMALL_EN_V15.maxSeqLength());
        assertEquals(512, BuiltinModel.E5_SMALL_V2.maxSeqLength());
        assertEquals(Pooling.MEAN, BuiltinModel.ALL_MINILM_L6_V2.pooling());
        assertEquals(Pooling.CLS, BuiltinModel.BGE_SMALL_EN_V15.pooling());
        assertEquals(Pooling.MEAN, BuiltinModel.E5_SMALL_V2.pooling());
        assertEquals("", BuiltinModel.ALL_MINILM_L6_V2.queryPrefix());
        assertEquals("", BuiltinModel.BGE_SMALL_EN_V15.queryPrefix());
        assertEquals("query: ", BuiltinModel.E5_SMALL_V2.queryPrefix());
        assertEquals("bge-small-en-v1.5.onnx", BuiltinModel.BGE_SMALL_EN_V15.onnxResource());
        assertEquals("e5-small-v2-tokenizer.json", BuiltinModel.E5_SMALL_V2.tokenizerResource());
        assertEquals("sentence-transformers/all-MiniLM-L6-v2", BuiltinModel.ALL_MINILM_L6_V2.originRepo());
        for (BuiltinModel m : BuiltinModel.values()) {
            assertTrue(m.normalize(), m.modelName());
            assertEquals(12, m.numHeads(), m.modelName());
        }
    }

    @ParameterizedTest
    @EnumSource(BuiltinModel.class)
    void resourcesAreOnTheClassPath(BuiltinModel model) throws IOException {
        try (InputStream in = model.openTokenizer()) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"WordPiece\""), model.modelName());
        }
        try (InputStream in = model.openOnnx()) {
            assertEquals(0x08, in.read(), "an ONNX file starts with field 1, ir_version");
        }
        long expected = switch (model) {
            case ALL_MINILM_L6_V2 -> 90_387_606L;
            case BGE_SMALL_EN_V15 -> 133_093_490L;
            case E5_SMALL_V2 -> 133_093_467L;
        };
        assertEquals(expected, model.onnxSize());
    }
}
