package dev.tenor.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model folder in the sentence-transformers layout: {@code config.json}, {@code model.safetensors},
 * {@code tokenizer.json} (+ {@code tokenizer_config.json}, {@code special_tokens_map.json},
 * {@code vocab.txt}), {@code modules.json}, {@code sentence_bert_config.json}, {@code 1_Pooling/config.json}
 * and {@code 2_Normalize/} when the model normalises. Folders Tenor writes load in Python's
 * sentence-transformers.
 *
 * @param dir the folder
 * @param config the encoder architecture from {@code config.json}
 * @param settings pooling, normalisation, length and prompt from the sentence-transformers files
 * @param rawConfig {@code config.json} as read, so fields Tenor does not use survive a rewrite
 */
public record ModelFolder(Path dir, BertConfig config, SentenceSettings settings, ObjectNode rawConfig) {

    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String MODULES = "modules.json";
    public static final String ST_CONFIG = "sentence_bert_config.json";
    public static final String ST_MODEL_CONFIG = "config_sentence_transformers.json";
    public static final String POOLING_CONFIG = "1_Pooling/config.json";
    public static final String NORMALIZE_DIR = "2_Normalize";
    /** Tenor's own note of where a model came from (base model, source, versions). */
    public static final String PROVENANCE = "tenor_model.json";

    /** The folder's name, used as the model's display name. */
    public String name() {
        return dir.getFileName().toString();
    }

    public Path weightsFile() {
        return dir.resolve(WEIGHTS);
    }

    public Path tokenizerFile() {
        return dir.resolve(TOKENIZER);
    }

    /** Number of encoder parameters, computed from the architecture. */
    public long parameterCount() {
        BertConfig c = config;
        long h = c.hiddenSize();
        long emb = (long) (c.vocabSize() + c.maxPositions() + c.typeVocabSize()) * h + 2 * h;
        long layer = 4 * (h * h + h) + 2 * h + (h * c.intermediateSize() + c.intermediateSize())
                + (c.intermediateSize() * h + h) + 2 * h;
        return emb + layer * c.numLayers();
    }

    /** Reads and checks a model folder; any problem is a {@link BadInputException} naming the file. */
    public static ModelFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw BadInputException.of(dir, Files.exists(dir) ? "is a file, not a model folder" : "model folder not found");
        }
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw BadInputException.of(dir, "not a model folder: config.json is missing"
                    + (Files.exists(dir.resolve(MODULES)) ? " (half-written or incomplete download?)" : ""));
        }
        JsonNode cfg = Json.read(configFile);
        if (!cfg.isObject()) {
            throw BadInputException.of(configFile, "not a JSON object");
        }
        BertConfig config = parseConfig(configFile, cfg);
        if (!Files.isRegularFile(dir.resolve(WEIGHTS))) {
            String why = Files.exists(dir.resolve("pytorch_model.bin"))
                    ? "model.safetensors is missing; the folder has only pytorch_model.bin, and Tenor reads safetensors"
                    + " weights (convert it, or pull a revision with model.safetensors)"
                    : "model.safetensors is missing (half-written or incomplete folder?)";
            throw BadInputException.of(dir, why);
        }
        if (!Files.isRegularFile(dir.resolve(TOKENIZER))) {
            throw BadInputException.of(dir, "tokenizer.json is missing (Tenor needs a fast-tokenizer file)");
        }
        return new ModelFolder(dir, config, readSettings(dir, config), (ObjectNode) cfg);
    }

    /** Whether {@code dir} looks like a model folder (has config.json and weights); no validation. */
    public static boolean looksLikeModel(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG)) && Files.isRegularFile(dir.resolve(WEIGHTS));
    }

    static BertConfig parseConfig(Path file, JsonNode cfg) {
        String type = cfg.path("model_type").asText("");
        if (!type.equals("bert")) {
            throw BadInputException.of(file, type.isEmpty() ? "no model_type: not a Hugging Face model config"
                    : "unknown model type '" + type + "': Tenor's encoder runs BERT models (model_type \"bert\")");
        }
        String embType = cfg.path("position_embedding_type").asText("absolute");
        if (!embType.equals("absolute")) {
            throw BadInputException.of(file, "position_embedding_type '" + embType + "' is not supported (absolute only)");
        }
        try {
            return new BertConfig(
                    need(file, cfg, "vocab_size"),
                    need(file, cfg, "hidden_size"),
                    need(file, cfg, "num_hidden_layers"),
                    need(file, cfg, "num_attention_heads"),
                    need(file, cfg, "intermediate_size"),
                    cfg.path("max_position_embeddings").asInt(512),
                    cfg.path("type_vocab_size").asInt(2),
                    cfg.path("layer_norm_eps").asDouble(1e-12),
                    cfg.path("hidden_act").asText("gelu"));
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(file, e.getMessage(), e);
        }
    }

    private static int need(Path file, JsonNode cfg, String key) {
        JsonNode v = cfg.get(key);
        if (v == null || !v.canConvertToInt()) {
            throw BadInputException.of(file, "missing or invalid '" + key + "'");
        }
        return v.asInt();
    }

    private static SentenceSettings readSettings(Path dir, BertConfig config) {
        int maxLen = Math.min(512, config.maxPositions());
        Path stFile = dir.resolve(ST_CONFIG);
        if (Files.isRegularFile(stFile)) {
            JsonNode st = Json.read(stFile);
            if (st.hasNonNull("max_seq_length")) {
                maxLen = st.get("max_seq_length").asInt();
            }
        }
        maxLen = Math.min(maxLen, config.maxPositions());
        Pooling pooling = Pooling.MEAN;
        Path poolFile = dir.resolve(POOLING_CONFIG);
        if (Files.isRegularFile(poolFile)) {
            JsonNode p = Json.read(poolFile);
            boolean cls = p.path("pooling_mode_cls_token").asBoolean(false);
            boolean mean = p.path("pooling_mode_mean_tokens").asBoolean(false);
            for (String other : new String[] {"pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens",
                    "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"}) {
                if (p.path(other).asBoolean(false)) {
                    throw BadInputException.of(poolFile, other + " is not supported (Tenor pools by mean or CLS)");
                }
            }
            if (cls == mean) {
                throw BadInputException.of(poolFile, "exactly one of pooling_mode_mean_tokens and "
                        + "pooling_mode_cls_token must be true");
            }
            pooling = cls ? Pooling.CLS : Pooling.MEAN;
        }
        boolean normalize = false;
        Path modulesFile = dir.resolve(MODULES);
        if (Files.isRegularFile(modulesFile)) {
            for (JsonNode m : Json.read(modulesFile)) {
                if (m.path("type").asText("").endsWith(".Normalize")) {
                    normalize = true;
                }
            }
        }
        String prompt = "";
        Path stModel = dir.resolve(ST_MODEL_CONFIG);
        if (Files.isRegularFile(stModel)) {
            JsonNode c = Json.read(stModel);
            String def = c.path("default_prompt_name").asText("");
            if (!def.isEmpty()) {
                prompt = c.path("prompts").path(def).asText("");
            }
        }
        return new SentenceSettings(maxLen, pooling, normalize, prompt);
    }

    /** Everything needed to write a model folder. */
    public record Contents(BertConfig config, SentenceSettings settings, Map<String, FloatTensor> weights,
                           byte[] tokenizerJson, ObjectNode rawConfig, Map<String, Object> provenance) {
    }

    /** Writes a complete model folder atomically (built in a temporary sibling, then renamed). */
    public static ModelFolder write(Path dir, Contents c) throws IOException {
        AtomicFiles.writeFolder(dir, tmp -> writeInto(tmp, c, dir.getFileName() == null ? "model"
                : dir.getFileName().toString()));
        return open(dir);
    }

    /**
     * Writes the folder's files into an existing empty folder (callers make it atomic); {@code name} is the
     * model's name on its card (the final folder's name, not the temporary one's).
     */
    public static void writeInto(Path dir, Contents c, String name) throws IOException {
        ObjectNode cfg = configJson(c.config(), c.rawConfig());
        Json.write(dir.resolve(CONFIG), cfg);
        SafeTensors.write(dir.resolve(WEIGHTS), c.weights(), Map.of("format", "pt"));
        TokenizerFiles.write(dir, c.tokenizerJson(), c.settings().maxSeqLength());
        ArrayNode modules = Json.MAPPER.createArrayNode();
        modules.addObject().put("idx", 0).put("name", "0").put("path", "")
                .put("type", "sentence_transformers.models.Transformer");
        modules.addObject().put("idx", 1).put("name", "1").put("path", "1_Pooling")
                .put("type", "sentence_transformers.models.Pooling");
        if (c.settings().normalize()) {
            modules.addObject().put("idx", 2).put("name", "2").put("path", NORMALIZE_DIR)
                    .put("type", "sentence_transformers.models.Normalize");
            Files.createDirectories(dir.resolve(NORMALIZE_DIR));
        }
        Json.write(dir.resolve(MODULES), modules);
        ObjectNode st = Json.MAPPER.createObjectNode();
        st.put("max_seq_length", c.settings().maxSeqLength());
        st.put("do_lower_case", false);
        Json.write(dir.resolve(ST_CONFIG), st);
        ObjectNode pool = Json.MAPPER.createObjectNode();
        pool.put("word_embedding_dimension", c.config().hiddenSize());
        pool.put("pooling_mode_cls_token", c.settings().pooling() == Pooling.CLS);
        pool.put("pooling_mode_mean_tokens", c.settings().pooling() == Pooling.MEAN);
        pool.put("pooling_mode_max_tokens", false);
        pool.put("pooling_mode_mean_sqrt_len_tokens", false);
        pool.put("pooling_mode_weightedmean_tokens", false);
        pool.put("pooling_mode_lasttoken", false);
        pool.put("include_prompt", true);
        Json.write(dir.resolve(POOLING_CONFIG), pool);
        ObjectNode stModel = Json.MAPPER.createObjectNode();
        stModel.putObject("__version__").put("sentence_transformers", "3.0.1").put("transformers", "4.41.2")
                .put("pytorch", "2.7.1");
        ObjectNode prompts = stModel.putObject("prompts");
        if (!c.settings().prompt().isEmpty()) {
            prompts.put("query", c.settings().prompt());
            stModel.put("default_prompt_name", "query");
        } else {
            stModel.putNull("default_prompt_name");
        }
        stModel.put("similarity_fn_name", "cosine");
        Json.write(dir.resolve(ST_MODEL_CONFIG), stModel);
        if (c.provenance() != null && !c.provenance().isEmpty()) {
            Json.write(dir.resolve(PROVENANCE), new LinkedHashMap<>(c.provenance()));
        }
        AtomicFiles.writeString(dir.resolve(ModelCard.FILE), ModelCard.markdown(name, c.config(), c.settings(),
                c.provenance()));
    }

    /** {@code config.json} for {@code config}, keeping unknown fields of {@code raw}. */
    static ObjectNode configJson(BertConfig c, ObjectNode raw) {
        ObjectNode o = raw != null ? raw.deepCopy() : Json.MAPPER.createObjectNode();
        if (!o.has("architectures")) {
            o.putArray("architectures").add("BertModel");
        }
        o.put("model_type", "bert");
        o.put("vocab_size", c.vocabSize());
        o.put("hidden_size", c.hiddenSize());
        o.put("num_hidden_layers", c.numLayers());
        o.put("num_attention_heads", c.numHeads());
        o.put("intermediate_size", c.intermediateSize());
        o.put("max_position_embeddings", c.maxPositions());
        o.put("type_vocab_size", c.typeVocabSize());
        o.put("layer_norm_eps", c.layerNormEps());
        o.put("hidden_act", c.hiddenAct());
        for (String k : new String[] {"hidden_dropout_prob", "attention_probs_dropout_prob"}) {
            if (!o.has(k)) {
                o.put(k, 0.1);
            }
        }
        if (!o.has("initializer_range")) {
            o.put("initializer_range", 0.02);
        }
        if (!o.has("pad_token_id")) {
            o.put("pad_token_id", 0);
        }
        o.put("position_embedding_type", "absolute");
        o.put("torch_dtype", "float32");
        if (!o.has("transformers_version")) {
            o.put("transformers_version", "4.41.2");
        }
        return o;
    }
}
