package dev.tenor.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.tenor.io.BadInputException;
import dev.tenor.model.BertConfig;
import dev.tenor.model.FloatTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT encoder as DJL blocks. Parameters are named as in Hugging Face's {@code BertModel}
 * ({@code encoder.layer.0.attention.self.query.weight}, ...), so safetensors weights load by name.
 *
 * <p>Input: {@code NDList(inputIds, attentionMask, tokenTypeIds)}, each [batch, tokens] int64.
 * Output: the last hidden states [batch, tokens, hidden], followed, when {@link #OUTPUT_ATTENTIONS} is
 * set in the forward parameters, by each layer's attention probabilities [batch, heads, tokens, tokens].
 */
public final class BertEncoder extends BertPart {

    /** Forward parameter key: also return every layer's attention probabilities. */
    public static final String OUTPUT_ATTENTIONS = "output_attentions";

    /** Added to the attention scores of padding tokens: far below any real score, finite in float32. */
    private static final float MASKED = -1e9f;

    private final BertConfig config;
    private final Embeddings embeddings;
    private final List<Layer> layers = new ArrayList<>();

    /** An encoder for inference (no dropout). */
    public BertEncoder(BertConfig config) {
        this(config, 0f, 0f);
    }

    /** An encoder whose training forward passes use the given dropout rates (BERT's are 0.1 and 0.1). */
    public BertEncoder(BertConfig config, float hiddenDropout, float attentionDropout) {
        this.config = config;
        embeddings = addChildBlock("embeddings", new Embeddings(config, hiddenDropout));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addChildBlock("encoder.layer." + i, new Layer(config, hiddenDropout, attentionDropout)));
        }
    }

    public BertConfig config() {
        return config;
    }

    /** Runs the encoder; {@code withAttention} also returns each layer's attention probabilities. */
    public NDList forward(ParameterStore ps, NDArray ids, NDArray mask, NDArray typeIds, boolean training,
                          boolean withAttention) {
        NDArray bias = mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(MASKED)
                .reshape(mask.getShape().get(0), 1, 1, mask.getShape().get(1));
        NDArray h = embeddings.apply(ps, ids, typeIds, training);
        NDList out = new NDList(layers.size() + 1);
        out.add(null);
        for (Layer layer : layers) {
            // Each layer's intermediates are freed when it ends, not with the whole batch: the memory peak is
            // one layer's, and freed buffers are reused while still in cache. (Autograd keeps its own references.)
            NDManager batch = h.getManager();
            try (NDManager scope = batch.newSubManager()) {
                h.tempAttach(scope);
                NDList r = layer.apply(ps, h, bias, training);
                h = r.get(0);
                h.attach(batch);
                if (withAttention) {
                    r.get(1).attach(batch);
                    out.add(r.get(1));
                }
            }
        }
        out.set(0, h);
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        boolean withAttention = params != null && Boolean.TRUE.equals(params.get(OUTPUT_ATTENTIONS));
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : ids.onesLike();
        NDArray types = inputs.size() > 2 ? inputs.get(2) : ids.zerosLike();
        return forward(ps, ids, mask, types, training, withAttention);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), config.hiddenSize())};
    }

    /** Every parameter by its Hugging Face name, in model order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(this, "", out);
        return out;
    }

    /** Expected shape of every parameter by Hugging Face name. */
    public Map<String, Shape> expectedShapesByName() {
        Map<String, Shape> out = new LinkedHashMap<>();
        collectShapes(this, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + p.getKey(), p.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), prefix + childName(child) + ".", out);
        }
    }

    /** DJL stores children as "01name"; the Hugging Face path is the name without that counter. */
    private static String childName(Pair<String, Block> child) {
        return child.getKey().replaceFirst("^\\d+", "");
    }

    private static void collectShapes(Block block, String prefix, Map<String, Shape> out) {
        if (block instanceof BertPart part) {
            for (Pair<String, Parameter> p : block.getDirectParameters()) {
                out.put(prefix + p.getKey(), part.expectedShapes().get(p.getValue()));
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collectShapes(child.getValue(), prefix + childName(child) + ".", out);
        }
    }

    /**
     * Sets every parameter from {@code weights} (Hugging Face names; a {@code bert.} prefix is accepted).
     * Missing weights or wrong shapes fail with a message naming {@code source}.
     *
     * @return the names in {@code weights} that the encoder does not use (e.g. the pooler)
     */
    public List<String> loadWeights(Map<String, FloatTensor> weights, NDManager manager, Path source) {
        return loadWeights(weights, manager, source, DataType.FLOAT32);
    }

    /** As {@link #loadWeights(Map, NDManager, Path)}, holding the weights in {@code dtype} (float64 for checks). */
    public List<String> loadWeights(Map<String, FloatTensor> weights, NDManager manager, Path source, DataType dtype) {
        Map<String, FloatTensor> byName = new LinkedHashMap<>();
        weights.forEach((k, v) -> byName.put(k.startsWith("bert.") ? k.substring(5) : k, v));
        Map<String, Shape> shapes = expectedShapesByName();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            FloatTensor t = byName.remove(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
                continue;
            }
            Shape expected = shapes.get(e.getKey());
            if (!Arrays.equals(expected.getShape(), t.shape())) {
                throw BadInputException.of(source, "weight '" + e.getKey() + "' has shape "
                        + Arrays.toString(t.shape()) + " but config.json implies " + expected);
            }
            Parameter p = e.getValue();
            if (p.isInitialized()) {
                p.getArray().close();
            }
            NDArray a = manager.create(t.data(), new Shape(t.shape()));
            if (dtype != DataType.FLOAT32) {
                NDArray converted = a.toType(dtype, true);
                a.close();
                a = converted;
            }
            p.setArray(a);
        }
        if (!missing.isEmpty()) {
            throw BadInputException.of(source, missing.size() + " encoder weight(s) missing, e.g. '" + missing.get(0)
                    + "' (is this a BERT model?)");
        }
        return new ArrayList<>(byName.keySet());
    }

    /** Copies every parameter out as plain float tensors, keyed by Hugging Face name. */
    public Map<String, FloatTensor> exportWeights() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            float[] data = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray()
                    : a.toType(DataType.FLOAT32, true).toFloatArray();
            out.put(e.getKey(), new FloatTensor(a.getShape().getShape(), data));
        }
        return out;
    }

    /** Random weights (N(0, 0.02), zero biases, unit gains) for tests on tiny models. */
    public void randomize(NDManager manager) {
        initRandom(this, manager);
    }

    private static void initRandom(Block block, NDManager manager) {
        if (block instanceof BertPart part) {
            part.initializeRandom(manager);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            initRandom(child.getValue(), manager);
        }
    }
}
