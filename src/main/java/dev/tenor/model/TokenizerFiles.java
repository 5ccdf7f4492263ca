package dev.tenor.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a BERT tokenizer's files for a model folder: {@code tokenizer.json} (with its own truncation and
 * padding cleared, because the model's {@code max_seq_length} decides truncation), and the
 * {@code tokenizer_config.json}, {@code special_tokens_map.json} and {@code vocab.txt} that Python's
 * transformers reads beside it.
 */
final class TokenizerFiles {

    /** BERT's special tokens by role, in the order sentence-transformers writes them. */
    private static final Map<String, String> SPECIAL_TOKENS = orderedSpecials();

    private static Map<String, String> orderedSpecials() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("cls_token", "[CLS]");
        m.put("mask_token", "[MASK]");
        m.put("pad_token", "[PAD]");
        m.put("sep_token", "[SEP]");
        m.put("unk_token", "[UNK]");
        return m;
    }

    private TokenizerFiles() {
    }

    static void write(Path dir, byte[] tokenizerJson, int maxSeqLength) throws IOException {
        JsonNode tok = Json.MAPPER.readTree(tokenizerJson);
        if (tok instanceof ObjectNode o) {
            o.putNull("truncation");
            o.putNull("padding");
            AtomicFiles.writeString(dir.resolve(ModelFolder.TOKENIZER), Json.MAPPER.writer().writeValueAsString(o));
        } else {
            AtomicFiles.writeBytes(dir.resolve(ModelFolder.TOKENIZER), tokenizerJson);
        }
        boolean lower = tok.path("normalizer").path("lowercase").asBoolean(true);
        ObjectNode cfg = Json.MAPPER.createObjectNode();
        // transformers (>= 4.34) reads the special tokens from added_tokens_decoder, by id
        JsonNode ids = tok.path("model").path("vocab");
        ObjectNode added = cfg.putObject("added_tokens_decoder");
        for (String special : SPECIAL_TOKENS.values()) {
            if (ids.has(special)) {
                ObjectNode t = added.putObject(Integer.toString(ids.get(special).asInt()));
                t.put("content", special).put("lstrip", false).put("normalized", false).put("rstrip", false)
                        .put("single_word", false).put("special", true);
            }
        }
        cfg.put("clean_up_tokenization_spaces", true);
        cfg.put("cls_token", "[CLS]");
        cfg.put("do_basic_tokenize", true);
        cfg.put("do_lower_case", lower);
        cfg.put("mask_token", "[MASK]");
        cfg.put("model_max_length", maxSeqLength);
        cfg.putNull("never_split");
        cfg.put("pad_token", "[PAD]");
        cfg.put("sep_token", "[SEP]");
        cfg.putNull("strip_accents");
        cfg.put("tokenize_chinese_chars", true);
        cfg.put("tokenizer_class", "BertTokenizer");
        cfg.put("unk_token", "[UNK]");
        Json.write(dir.resolve("tokenizer_config.json"), cfg);
        ObjectNode map = Json.MAPPER.createObjectNode();
        SPECIAL_TOKENS.forEach((role, token) -> map.putObject(role).put("content", token).put("lstrip", false)
                .put("normalized", false).put("rstrip", false).put("single_word", false));
        Json.write(dir.resolve("special_tokens_map.json"), map);
        JsonNode vocab = tok.path("model").path("vocab");
        if (vocab.isObject()) {
            List<String> byId = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int id = e.getValue().asInt();
                while (byId.size() <= id) {
                    byId.add(null);
                }
                byId.set(id, e.getKey());
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < byId.size(); i++) {
                sb.append(byId.get(i) == null ? "[unused_" + i + "]" : byId.get(i)).append('\n');
            }
            AtomicFiles.writeString(dir.resolve("vocab.txt"), sb.toString());
        }
    }
}
