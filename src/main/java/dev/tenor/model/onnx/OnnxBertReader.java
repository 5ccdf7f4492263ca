package dev.tenor.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.CodedInputStream;
import dev.tenor.io.BadInputException;
import dev.tenor.model.BertConfig;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.FloatTensor;
import dev.tenor.task.ProgressListener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a BERT encoder exported to ONNX (as by {@code torch.onnx.export} of a Hugging Face {@code BertModel})
 * and returns its weights under Hugging Face parameter names, with the architecture inferred from the graph.
 *
 * <p>Named initializers map directly (a {@code bert.} prefix is dropped). Linear weights are exported as
 * unnamed MatMul operands ({@code onnx::MatMul_787}) stored [in, out]; their name comes from the MatMul
 * node's output ({@code /encoder/layer.0/attention/self/query/MatMul_output_0} gives
 * {@code encoder.layer.0.attention.self.query.weight}) and they are transposed to a Linear's [out, in].
 */
public final class OnnxBertReader {

    /** Hugging Face BERT's default layer-norm epsilon, used when the graph does not show one. */
    public static final double DEFAULT_LAYER_NORM_EPS = 1e-12;

    private static final List<String> EMBEDDING_NAMES = List.of(
            "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
            "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias");
    private static final List<String> LAYER_SUFFIXES = List.of(
            "attention.self.query.weight", "attention.self.query.bias",
            "attention.self.key.weight", "attention.self.key.bias",
            "attention.self.value.weight", "attention.self.value.bias",
            "attention.output.dense.weight", "attention.output.dense.bias",
            "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias",
            "intermediate.dense.weight", "intermediate.dense.bias",
            "output.dense.weight", "output.dense.bias",
            "output.LayerNorm.weight", "output.LayerNorm.bias");
    private static final List<String> POOLER_NAMES = List.of("pooler.dense.weight", "pooler.dense.bias");

    private static final Pattern LAYER_NAME = Pattern.compile("encoder\\.layer\\.(\\d+)\\.(.+)");
    private static final Pattern MATMUL_OUTPUT = Pattern.compile("/(.+)/MatMul_output_0");
    private static final int READ_CHUNK = 1 << 20;
    private static final long REPORT_EVERY_BYTES = 8L << 20;

    private OnnxBertReader() {
    }

    /** Reads a built-in model's ONNX graph from the class path. */
    public static OnnxBertWeights read(BuiltinModel model, ProgressListener progress) {
        try (InputStream in = model.openOnnx()) {
            return read(in, model.onnxSize(), model.onnxResource(), model.numHeads(), progress);
        } catch (IOException e) {
            throw new BadInputException(model.onnxResource() + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an ONNX file.
     *
     * @param fallbackHeads attention heads to use when the graph does not show them
     */
    public static OnnxBertWeights read(Path file, int fallbackHeads, ProgressListener progress) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, Files.size(file), file.toString(), fallbackHeads, progress);
        } catch (NoSuchFileException e) {
            throw BadInputException.of(file, "no such file");
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an ONNX model from a stream (not closed here).
     *
     * @param size the stream's length in bytes for progress and allocation, or -1 when unknown
     * @param source names the model in error messages and progress (a file name or resource)
     * @param fallbackHeads attention heads to use when the graph does not show them
     */
    public static OnnxBertWeights read(InputStream in, long size, String source, int fallbackHeads,
                                       ProgressListener progress) throws IOException {
        byte[] bytes = readAll(in, size, source, progress);
        progress.progress(0, 1, "Parsing ONNX graph");
        ModelProto model = parse(bytes, source);
        progress.progress(1, 1, "Parsing ONNX graph");
        return new Conversion(model.getGraph(), source).run(fallbackHeads, progress);
    }

    /**
     * Parses ONNX bytes. The bytes are aliased, not copied, so weights do not exist twice in memory; the
     * array must not change while the model is in use.
     */
    static ModelProto parse(byte[] bytes, String source) {
        ModelProto model;
        try {
            CodedInputStream input = CodedInputStream.newInstance(bytes);
            input.enableAliasing(true);
            // Protobuf's default limits (64 MB messages) are below the built-in models' 90-133 MB.
            input.setSizeLimit(Integer.MAX_VALUE);
            model = ModelProto.parseFrom(input);
        } catch (IOException | RuntimeException e) {
            throw bad(source, "is not an ONNX model (" + e.getMessage() + ")", e);
        }
        if (model.getIrVersion() <= 0 || !model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw bad(source, "is not an ONNX model (no ir_version or no graph)", null);
        }
        return model;
    }

    private static byte[] readAll(InputStream in, long size, String source, ProgressListener progress)
            throws IOException {
        if (size > Integer.MAX_VALUE - 16) {
            throw bad(source, "is larger than 2 GB; ONNX models with external data are not supported", null);
        }
        String message = "Reading " + source;
        byte[] buffer = new byte[size > 0 ? (int) size : READ_CHUNK];
        int count = 0;
        long reported = 0;
        progress.progress(0, size, message);
        while (true) {
            if (count == buffer.length) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                if (buffer.length >= Integer.MAX_VALUE - 16) {
                    throw bad(source, "is larger than 2 GB; ONNX models with external data are not supported", null);
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 16L, buffer.length * 2L));
                buffer[count++] = (byte) next;
            }
            int n = in.read(buffer, count, Math.min(READ_CHUNK, buffer.length - count));
            if (n < 0) {
                break;
            }
            count += n;
            if (count - reported >= REPORT_EVERY_BYTES) {
                reported = count;
                progress.progress(count, size, message);
            }
        }
        progress.progress(count, size > 0 ? size : count, message);
        return count == buffer.length ? buffer : Arrays.copyOf(buffer, count);
    }

    private static BadInputException bad(String source, String problem, Throwable cause) {
        return new BadInputException(source + ": " + problem, cause);
    }

    /** Where a Hugging Face parameter lives in the graph. */
    private record Source(TensorProto tensor, boolean transposed) {

        long[] shape() {
            long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
            if (transposed && dims.length == 2) {
                return new long[] {dims[1], dims[0]};
            }
            return dims;
        }
    }

    /** One read of one graph: finds the parameters, infers the config, converts the tensors. */
    private static final class Conversion {

        private final GraphProto graph;
        private final String source;
        private final Map<String, TensorProto> initializers = new HashMap<>();
        private final Map<String, TensorProto> constants = new HashMap<>();
        private final Map<String, NodeProto> producers = new HashMap<>();

        Conversion(GraphProto graph, String source) {
            this.graph = graph;
            this.source = source;
            for (TensorProto t : graph.getInitializerList()) {
                initializers.put(t.getName(), t);
                constants.put(t.getName(), t);
            }
            for (NodeProto node : graph.getNodeList()) {
                for (String output : node.getOutputList()) {
                    producers.put(output, node);
                }
                if (node.getOpType().equals("Constant") && node.getOutputCount() == 1) {
                    for (AttributeProto a : node.getAttributeList()) {
                        if (a.getName().equals("value") && a.hasT()) {
                            constants.put(node.getOutput(0), a.getT());
                        }
                    }
                }
            }
        }

        OnnxBertWeights run(int fallbackHeads, ProgressListener progress) {
            Map<String, Source> found = findParameters();
            if (!found.containsKey("embeddings.word_embeddings.weight")) {
                throw bad(source, "is not a BERT ONNX model: no embeddings.word_embeddings.weight initializer", null);
            }
            int layers = countLayers(found);
            List<String> names = new ArrayList<>(EMBEDDING_NAMES);
            for (int i = 0; i < layers; i++) {
                for (String suffix : LAYER_SUFFIXES) {
                    names.add("encoder.layer." + i + "." + suffix);
                }
            }
            if (found.keySet().stream().anyMatch(n -> n.startsWith("pooler."))) {
                names.addAll(POOLER_NAMES);
            }
            for (String name : names) {
                if (!found.containsKey(name)) {
                    throw bad(source, "weight " + name + " is missing from the ONNX graph", null);
                }
            }

            long[] word = found.get("embeddings.word_embeddings.weight").shape();
            int hidden = dim(word, 1, "embeddings.word_embeddings.weight");
            int intermediate = dim(found.get("encoder.layer.0.intermediate.dense.weight").shape(), 0,
                    "encoder.layer.0.intermediate.dense.weight");
            int heads = findHeads(hidden);
            boolean headsFromGraph = heads > 0;
            if (!headsFromGraph) {
                heads = fallbackHeads;
            }
            Double eps = findLayerNormEps();
            BertConfig config;
            try {
                config = new BertConfig(dim(word, 0, "embeddings.word_embeddings.weight"), hidden, layers, heads,
                        intermediate,
                        dim(found.get("embeddings.position_embeddings.weight").shape(), 0,
                                "embeddings.position_embeddings.weight"),
                        dim(found.get("embeddings.token_type_embeddings.weight").shape(), 0,
                                "embeddings.token_type_embeddings.weight"),
                        eps == null ? DEFAULT_LAYER_NORM_EPS : eps, hiddenAct());
            } catch (IllegalArgumentException e) {
                throw bad(source, "has an unusable BERT architecture: " + e.getMessage(), e);
            }

            Map<String, FloatTensor> weights = new LinkedHashMap<>();
            int done = 0;
            for (String name : names) {
                Source s = found.get(name);
                long[] expected = expectedShape(name, config);
                if (!Arrays.equals(s.shape(), expected)) {
                    throw bad(source, "weight " + name + " has shape " + Arrays.toString(s.shape()) + ", expected "
                            + Arrays.toString(expected), null);
                }
                FloatTensor stored = new FloatTensor(s.tensor().getDimsList().stream().mapToLong(Long::longValue)
                        .toArray(), floats(s.tensor(), name));
                weights.put(name, s.transposed() ? stored.transpose2d() : stored);
                progress.progress(++done, names.size(), "Converting weights");
            }
            return new OnnxBertWeights(config, weights, headsFromGraph, eps != null);
        }

        /** Maps every tensor that is a BERT parameter to its Hugging Face name. */
        private Map<String, Source> findParameters() {
            Map<String, Source> found = new HashMap<>();
            for (TensorProto t : graph.getInitializerList()) {
                String name = stripPrefix(t.getName());
                if (isBertParameter(name)) {
                    found.putIfAbsent(name, new Source(t, false));
                }
            }
            for (NodeProto node : graph.getNodeList()) {
                if (!node.getOpType().equals("MatMul") || node.getInputCount() != 2 || node.getOutputCount() != 1) {
                    continue;
                }
                TensorProto weight = initializers.get(node.getInput(1));
                Matcher m = MATMUL_OUTPUT.matcher(node.getOutput(0));
                if (weight != null && m.matches()) {
                    String name = stripPrefix(m.group(1).replace('/', '.')) + ".weight";
                    if (isBertParameter(name)) {
                        found.putIfAbsent(name, new Source(weight, true));
                    }
                }
            }
            return found;
        }

        private int countLayers(Map<String, Source> found) {
            int layers = 0;
            for (String name : found.keySet()) {
                Matcher m = LAYER_NAME.matcher(name);
                if (m.matches()) {
                    layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
                }
            }
            if (layers == 0) {
                throw bad(source, "is not a BERT ONNX model: no encoder.layer.N weights", null);
            }
            return layers;
        }

        private int dim(long[] shape, int axis, String name) {
            if (shape.length != 2 || shape[axis] <= 0 || shape[axis] > Integer.MAX_VALUE) {
                throw bad(source, "weight " + name + " has shape " + Arrays.toString(shape) + ", expected 2-D", null);
            }
            return (int) shape[axis];
        }

        /**
         * Heads from the reshapes that split a [batch, tokens, hidden] state into [batch, tokens, heads,
         * head size]: their target shape is a constant, or a Concat whose last two parts are constants.
         * Returns -1 when no such reshape exists or the reshapes disagree.
         */
        private int findHeads(int hidden) {
            Map<Long, Integer> votes = new TreeMap<>();
            for (NodeProto node : graph.getNodeList()) {
                if (!node.getOpType().equals("Reshape") || node.getInputCount() < 2) {
                    continue;
                }
                long[] shape = shapeValue(node.getInput(1));
                if (shape != null && shape.length == 4 && shape[2] > 0 && shape[3] > 0
                        && shape[2] * shape[3] == hidden) {
                    votes.merge(shape[2], 1, Integer::sum);
                }
            }
            return votes.size() == 1 ? votes.keySet().iterator().next().intValue() : -1;
        }

        /** The value of a shape operand, with -1 for parts only known at run time; null when unknown. */
        private long[] shapeValue(String name) {
            TensorProto constant = constants.get(name);
            if (constant != null) {
                return longs(constant);
            }
            NodeProto producer = producers.get(name);
            if (producer == null || !producer.getOpType().equals("Concat")) {
                return null;
            }
            List<Long> parts = new ArrayList<>();
            for (String input : producer.getInputList()) {
                TensorProto part = constants.get(input);
                long[] values = part == null ? null : longs(part);
                if (values == null) {
                    parts.add(-1L); // a run-time size such as batch or tokens (one element each in BERT exports)
                } else {
                    for (long v : values) {
                        parts.add(v);
                    }
                }
            }
            return parts.stream().mapToLong(Long::longValue).toArray();
        }

        /**
         * Layer-norm epsilon: the {@code epsilon} attribute of LayerNormalization nodes (opset 17 exports), or
         * the scalar added to the variance before Sqrt in decomposed layer norms (opset 11 exports, like the
         * built-in models). Null when the graph has neither.
         */
        private Double findLayerNormEps() {
            Map<Double, Integer> votes = new HashMap<>();
            for (NodeProto node : graph.getNodeList()) {
                if (node.getOpType().equals("LayerNormalization")) {
                    double eps = 1e-5; // the ONNX default when the attribute is absent
                    for (AttributeProto a : node.getAttributeList()) {
                        if (a.getName().equals("epsilon")) {
                            eps = exactFloat(a.getF());
                        }
                    }
                    votes.merge(eps, 1, Integer::sum);
                } else if (node.getOpType().equals("Sqrt") && node.getInputCount() == 1) {
                    NodeProto add = producers.get(node.getInput(0));
                    if (add != null && add.getOpType().equals("Add")) {
                        for (String input : add.getInputList()) {
                            TensorProto c = constants.get(input);
                            if (c != null && c.getDataType() == TensorProto.DataType.FLOAT_VALUE
                                    && elementCount(c) == 1) {
                                votes.merge(exactFloat(floats(c, input)[0]), 1, Integer::sum);
                            }
                        }
                    }
                }
            }
            return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        }

        /** "gelu" (erf form) unless the graph computes the tanh approximation. */
        private String hiddenAct() {
            boolean erf = false;
            boolean tanh = false;
            for (NodeProto node : graph.getNodeList()) {
                switch (node.getOpType()) {
                    case "Erf", "Gelu" -> erf = true;
                    case "Tanh", "FastGelu" -> tanh = true;
                    default -> { }
                }
            }
            return !erf && tanh ? "gelu_new" : "gelu";
        }

        private float[] floats(TensorProto t, String name) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                throw bad(source, "weight " + name + " is stored in an external data file, which is not supported",
                        null);
            }
            if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                TensorProto.DataType type = TensorProto.DataType.forNumber(t.getDataType());
                throw bad(source, "weight " + name + " has data type " + (type == null ? t.getDataType() : type)
                        + "; only float32 ONNX models are supported", null);
            }
            long n = elementCount(t);
            float[] values = new float[(int) n];
            if (!t.getRawData().isEmpty()) {
                if (t.getRawData().size() != n * Float.BYTES) {
                    throw bad(source, "weight " + name + " holds " + t.getRawData().size() + " bytes, its shape "
                            + t.getDimsList() + " needs " + n * Float.BYTES, null);
                }
                t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            } else if (t.getFloatDataCount() == n) {
                for (int i = 0; i < n; i++) {
                    values[i] = t.getFloatData(i);
                }
            } else {
                throw bad(source, "weight " + name + " holds " + t.getFloatDataCount() + " values, its shape "
                        + t.getDimsList() + " needs " + n, null);
            }
            return values;
        }

        private long elementCount(TensorProto t) {
            long n = 1;
            for (long d : t.getDimsList()) {
                n *= d;
            }
            if (n < 0 || n > Integer.MAX_VALUE - 16) {
                throw bad(source, "tensor " + t.getName() + " has an unusable shape " + t.getDimsList(), null);
            }
            return n;
        }
    }

    /** Integer values of a small INT64/INT32 constant, or null for other types. */
    private static long[] longs(TensorProto t) {
        int type = t.getDataType();
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (type == TensorProto.DataType.INT64_VALUE) {
            if (!t.getRawData().isEmpty()) {
                long[] v = new long[raw.remaining() / Long.BYTES];
                raw.asLongBuffer().get(v);
                return v;
            }
            return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        if (type == TensorProto.DataType.INT32_VALUE) {
            if (!t.getRawData().isEmpty()) {
                return Arrays.stream(toInts(raw)).asLongStream().toArray();
            }
            return t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
        }
        return null;
    }

    private static int[] toInts(ByteBuffer raw) {
        int[] v = new int[raw.remaining() / Integer.BYTES];
        raw.asIntBuffer().get(v);
        return v;
    }

    /** A float32 constant as the decimal it was written as (1e-12, not 9.9999999600419e-13). */
    private static double exactFloat(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static String stripPrefix(String name) {
        return name.startsWith("bert.") ? name.substring("bert.".length()) : name;
    }

    private static boolean isBertParameter(String name) {
        if (EMBEDDING_NAMES.contains(name) || POOLER_NAMES.contains(name)) {
            return true;
        }
        Matcher m = LAYER_NAME.matcher(name);
        return m.matches() && LAYER_SUFFIXES.contains(m.group(2));
    }

    /** The shape a Hugging Face BertModel gives a parameter (Linear weights are [out, in]). */
    private static long[] expectedShape(String name, BertConfig c) {
        long h = c.hiddenSize();
        long i = c.intermediateSize();
        return switch (name) {
            case "embeddings.word_embeddings.weight" -> new long[] {c.vocabSize(), h};
            case "embeddings.position_embeddings.weight" -> new long[] {c.maxPositions(), h};
            case "embeddings.token_type_embeddings.weight" -> new long[] {c.typeVocabSize(), h};
            case "pooler.dense.weight" -> new long[] {h, h};
            default -> {
                Matcher m = LAYER_NAME.matcher(name);
                String suffix = m.matches() ? m.group(2) : name;
                if (suffix.equals("intermediate.dense.weight")) {
                    yield new long[] {i, h};
                } else if (suffix.equals("intermediate.dense.bias")) {
                    yield new long[] {i};
                } else if (suffix.equals("output.dense.weight")) {
                    yield new long[] {h, i};
                } else if (suffix.endsWith(".weight") && !suffix.contains("LayerNorm")) {
                    yield new long[] {h, h};
                }
                yield new long[] {h};
            }
        };
    }
}
