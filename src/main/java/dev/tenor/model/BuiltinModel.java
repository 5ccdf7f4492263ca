package dev.tenor.model;

import dev.tenor.io.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The sentence-embedding models Tenor ships offline. Their ONNX graphs and tokenizers sit at the roots of
 * langchain4j jars on the class path; the sentence-transformers settings those jars do not hold
 * (sequence length, pooling, normalisation, prompt) live here.
 */
public enum BuiltinModel {

    ALL_MINILM_L6_V2("all-MiniLM-L6-v2", "all-minilm-l6-v2", "sentence-transformers/all-MiniLM-L6-v2",
            256, Pooling.MEAN, ""),
    BGE_SMALL_EN_V15("bge-small-en-v1.5", "bge-small-en-v1.5", "BAAI/bge-small-en-v1.5",
            512, Pooling.CLS, ""),
    E5_SMALL_V2("e5-small-v2", "e5-small-v2", "intfloat/e5-small-v2",
            512, Pooling.MEAN, "query: ");

    /** Tenor's default model. */
    public static final BuiltinModel DEFAULT = ALL_MINILM_L6_V2;

    private final String modelName;
    private final String resourceStem;
    private final String originRepo;
    private final int maxSeqLength;
    private final Pooling pooling;
    private final String queryPrefix;

    BuiltinModel(String modelName, String resourceStem, String originRepo, int maxSeqLength, Pooling pooling,
                 String queryPrefix) {
        this.modelName = modelName;
        this.resourceStem = resourceStem;
        this.originRepo = originRepo;
        this.maxSeqLength = maxSeqLength;
        this.pooling = pooling;
        this.queryPrefix = queryPrefix;
    }

    /** The name users type, e.g. {@code all-MiniLM-L6-v2}; also the folder name under {@code models/}. */
    public String modelName() {
        return modelName;
    }

    /** The Hugging Face repository the weights come from, for provenance. */
    public String originRepo() {
        return originRepo;
    }

    /** Class path resource holding the ONNX graph. */
    public String onnxResource() {
        return resourceStem + ".onnx";
    }

    /** Class path resource holding the Hugging Face {@code tokenizer.json}. */
    public String tokenizerResource() {
        return resourceStem + "-tokenizer.json";
    }

    /** Attention heads per layer (all three are 12); the importer uses it when the graph does not say. */
    public int numHeads() {
        return 12;
    }

    /**
     * The model's {@code max_seq_length} from sentence-transformers. The jars' tokenizer.json may truncate
     * earlier (at 128): that is the tokenizer file's setting, not the model's.
     */
    public int maxSeqLength() {
        return maxSeqLength;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** All three models were trained to give unit-length embeddings. */
    public boolean normalize() {
        return true;
    }

    /** Text put before a query (e5 expects {@code "query: "}); empty when the model needs none. */
    public String queryPrefix() {
        return queryPrefix;
    }

    /** Opens the ONNX graph; the caller closes the stream. */
    public InputStream openOnnx() {
        return open(onnxResource());
    }

    /** Opens the tokenizer json; the caller closes the stream. */
    public InputStream openTokenizer() {
        return open(tokenizerResource());
    }

    /** Size of the ONNX resource in bytes, or -1 when the class path does not say (used for progress). */
    public long onnxSize() {
        URL url = resource(onnxResource());
        try {
            URLConnection connection = url.openConnection();
            // Jar connections cache the jar file and would keep it open; the size is all we want here.
            connection.setUseCaches(false);
            long size = connection.getContentLengthLong();
            try (InputStream ignored = connection.getInputStream()) {
                return size;
            }
        } catch (IOException e) {
            return -1;
        }
    }

    /** Finds a model by name, ignoring case ({@code all-minilm-l6-v2} works too). */
    public static Optional<BuiltinModel> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.modelName.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    /** Like {@link #find} but fails with a message listing the known names. */
    public static BuiltinModel byName(String name) {
        return find(name).orElseThrow(() -> new BadInputException(
                "unknown built-in model '" + name + "'; built-in models are " + String.join(", ", names())));
    }

    /** The names of all built-in models, default first. */
    public static List<String> names() {
        return Arrays.stream(values()).map(BuiltinModel::modelName).toList();
    }

    private InputStream open(String resource) {
        try {
            return resource(resource).openStream();
        } catch (IOException e) {
            throw new BadInputException("built-in model " + modelName + ": cannot read class path resource "
                    + resource + ": " + e.getMessage(), e);
        }
    }

    private URL resource(String resource) {
        URL url = BuiltinModel.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new BadInputException("built-in model " + modelName + ": class path resource " + resource
                    + " is missing (is the langchain4j embeddings jar on the class path?)");
        }
        return url;
    }
}
