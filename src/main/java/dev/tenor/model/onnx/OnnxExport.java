package dev.tenor.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.model.BertConfig;
import dev.tenor.model.FloatTensor;
import dev.tenor.model.HiddenActivation;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.Pooling;
import dev.tenor.model.SafeTensors;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.bert.BertEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Tenor model folder as one ONNX graph: the BERT encoder built node by node from the folder's
 * weights (opset 14, so layer norm is spelt out in primitive ops), with inputs {@code input_ids},
 * {@code attention_mask} and {@code token_type_ids} (int64, dynamic batch and sequence axes) and outputs
 * {@code last_hidden_state} [batch, seq, hidden] and {@code sentence_embedding} [batch, hidden] (the folder's
 * pooling, and its L2 normalisation where it normalises). It computes what {@code BertEncoder} and
 * {@code Pooler} compute, so it works for every folder Tenor loads (built-in, Hub, trained, merged).
 */
public final class OnnxExport {

    /** The opset the graph is written for: Softmax, Unsqueeze and ReduceSum as of opset 13. */
    public static final int OPSET = 14;

    private static final float MASKED = -1e9f; // as BertEncoder: far below any real score, finite in float32

    /** How the exported graph holds its Linear weights. */
    public enum Quantization {
        /** float32, as the folder. */
        NONE,
        /**
         * Dynamic int8 quantisation of every Linear's MatMul (as ONNX Runtime's {@code quantize_dynamic}): int8
         * weights with one symmetric scale per output column, activations quantised to uint8 at run time
         * ({@code DynamicQuantizeLinear}), {@code MatMulInteger}, then rescaled to float; embeddings, layer
         * norms and attention stay float.
         */
        INT8
    }

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("tenor_bert");
    private final Quantization quantization;
    private int serial;

    private OnnxExport(Quantization quantization) {
        this.quantization = quantization;
    }

    /** The serialised ONNX model of {@code folder}. */
    public static byte[] export(ModelFolder folder) {
        return export(folder, Quantization.NONE);
    }

    /** The serialised ONNX model of {@code folder}, its Linear weights as {@code quantization} says. */
    public static byte[] export(ModelFolder folder, Quantization quantization) {
        return build(folder, quantization).toByteArray();
    }

    /** The files {@link #writeFolder} writes. */
    public static final String MODEL_FILE = "model.onnx";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String README_FILE = "README.md";

    /**
     * Writes {@code model.onnx}, the folder's {@code tokenizer.json} and a README on loading them into
     * {@code out}, all at once (a temporary sibling renamed into place: a failure, a full disk or a kill
     * leaves no half-written {@code model.onnx}). An existing {@code out} is refused unless {@code overwrite}.
     */
    public static Path writeFolder(ModelFolder folder, Path out, boolean overwrite) throws IOException {
        return writeFolder(folder, out, overwrite, Quantization.NONE);
    }

    /** As {@link #writeFolder(ModelFolder, Path, boolean)}, with the weights as {@code quantization} says. */
    public static Path writeFolder(ModelFolder folder, Path out, boolean overwrite, Quantization quantization)
            throws IOException {
        if (Files.exists(out) && !overwrite) {
            throw BadInputException.of(out, "exists; use --overwrite to replace it");
        }
        byte[] onnx = export(folder, quantization); // before anything is written: a folder that is not an encoder fails here
        AtomicFiles.writeFolder(out, tmp -> {
            Files.write(tmp.resolve(MODEL_FILE), onnx);
            Files.copy(folder.tokenizerFile(), tmp.resolve(TOKENIZER_FILE));
            Files.writeString(tmp.resolve(README_FILE), readme(folder));
        });
        return out.resolve(MODEL_FILE);
    }

    private static String readme(ModelFolder folder) {
        SentenceSettings s = folder.settings();
        String pooling = s.pooling() == Pooling.CLS ? "the [CLS] token's state" : "the mean of the real tokens' states";
        return "# " + folder.name() + " (ONNX)\n\n"
                + "Exported by Tenor " + version() + " from `" + folder.dir() + "` (opset " + OPSET + ").\n\n"
                + "- inputs: `input_ids`, `attention_mask`, `token_type_ids` (int64, [batch, sequence]); tokenize with\n"
                + "  `tokenizer.json`" + (s.prompt().isEmpty() ? "" : " after prefixing each text with `" + s.prompt() + "`")
                + ", at most " + s.maxSeqLength() + " tokens.\n"
                + "- outputs: `last_hidden_state` [batch, sequence, " + folder.config().hiddenSize() + "] and\n"
                + "  `sentence_embedding` [batch, " + folder.config().hiddenSize() + "]: " + pooling
                + (s.normalize() ? ", L2-normalised" : "") + ".\n\n"
                + "ONNX Runtime (Java): `session.run(Map.of(\"input_ids\", ids, \"attention_mask\", mask, "
                + "\"token_type_ids\", types))`, then read `sentence_embedding`.\n"
                + "langchain4j: `new OnnxEmbeddingModel(\"model.onnx\", \"tokenizer.json\", PoolingMode."
                + (s.pooling() == Pooling.CLS ? "CLS" : "MEAN") + ")` (it pools `last_hidden_state` itself).\n"
                + "Python: `onnxruntime.InferenceSession(\"model.onnx\").run([\"sentence_embedding\"], inputs)`.\n";
    }

    private static String version() {
        String v = OnnxExport.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /** The ONNX model of {@code folder}. */
    public static ModelProto build(ModelFolder folder, Quantization quantization) {
        Map<String, FloatTensor> weights = weights(folder);
        OnnxExport e = new OnnxExport(quantization);
        e.graph(folder.config(), folder.settings(), weights);
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("Tenor")
                .setProducerVersion(version()).setDocString("exported from " + folder.dir())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(e.graph).build();
    }

    /** The folder's weights by BERT parameter name, each present with the shape the architecture needs. */
    private static Map<String, FloatTensor> weights(ModelFolder folder) {
        Map<String, FloatTensor> byName = new LinkedHashMap<>();
        SafeTensors.read(folder.weightsFile()).tensors()
                .forEach((k, v) -> byName.put(k.startsWith("bert.") ? k.substring(5) : k, v));
        new BertEncoder(folder.config()).expectedShapesByName().forEach((name, shape) -> {
            FloatTensor t = byName.get(name);
            if (t == null) {
                throw BadInputException.of(folder.weightsFile(), "has no tensor " + name + "; not a BERT encoder");
            }
            if (!Arrays.equals(t.shape(), shape.getShape())) {
                throw BadInputException.of(folder.weightsFile(), name + " has shape " + Arrays.toString(t.shape())
                        + ", config.json needs " + Arrays.toString(shape.getShape()));
            }
        });
        return byName;
    }

    private void graph(BertConfig c, SentenceSettings settings, Map<String, FloatTensor> w) {
        input("input_ids");
        input("attention_mask");
        input("token_type_ids");
        int hidden = c.hiddenSize();
        int headDim = hidden / c.numHeads();

        // embeddings: word + position (0 .. seq-1) + token type, then layer norm
        String seqLen = node("Gather", List.of(node("Shape", "input_ids"), constInt64Scalar("seq_dim", 1)),
                attr("axis", 0)); // a scalar, as Range needs
        String positions = node("Range", constInt64Scalar("zero", 0), seqLen, constInt64Scalar("step", 1));
        String x = node("Add", node("Add",
                        node("Gather", weight(w, "embeddings.word_embeddings.weight"), "input_ids"),
                        node("Gather", weight(w, "embeddings.position_embeddings.weight"), positions)),
                node("Gather", weight(w, "embeddings.token_type_embeddings.weight"), "token_type_ids"));
        x = layerNorm(x, w, "embeddings.LayerNorm", c.layerNormEps());

        // mask: 0 where a token is real, MASKED where it is padding, broadcast over heads and query rows
        String maskFloat = node("Cast", List.of("attention_mask"), attr("to", TensorProto.DataType.FLOAT_VALUE));
        String bias = node("Mul", node("Sub", constFloat("one_f", 1f), maskFloat), constFloat("masked", MASKED));
        bias = node("Unsqueeze", bias, constInts("mask_axes", 1, 2)); // [batch, 1, 1, seq]
        String headsShape = constInts("heads_shape", 0, 0, c.numHeads(), headDim);
        String mergedShape = constInts("merged_shape", 0, 0, hidden);
        String scale = constFloat("scale", (float) (1.0 / Math.sqrt(headDim)));
        HiddenActivation act = HiddenActivation.parse(c.hiddenAct());

        for (int i = 0; i < c.numLayers(); i++) {
            String p = "encoder.layer." + i + ".";
            String q = node("Transpose", List.of(node("Reshape", linear(x, w, p + "attention.self.query"), headsShape)),
                    intsAttr("perm", 0, 2, 1, 3));
            String k = node("Transpose", List.of(node("Reshape", linear(x, w, p + "attention.self.key"), headsShape)),
                    intsAttr("perm", 0, 2, 3, 1));
            String v = node("Transpose", List.of(node("Reshape", linear(x, w, p + "attention.self.value"), headsShape)),
                    intsAttr("perm", 0, 2, 1, 3));
            String scores = node("Add", node("Mul", node("MatMul", q, k), scale), bias);
            String probs = node("Softmax", List.of(scores), attr("axis", -1));
            String context = node("Reshape", node("Transpose", List.of(node("MatMul", probs, v)),
                    intsAttr("perm", 0, 2, 1, 3)), mergedShape);
            String attended = layerNorm(node("Add", linear(context, w, p + "attention.output.dense"), x), w,
                    p + "attention.output.LayerNorm", c.layerNormEps());
            String inner = gelu(linear(attended, w, p + "intermediate.dense"), act);
            x = layerNorm(node("Add", linear(inner, w, p + "output.dense"), attended), w, p + "output.LayerNorm",
                    c.layerNormEps());
        }
        String last = node("Identity", x);
        rename(last, "last_hidden_state");
        output("last_hidden_state", hidden, "batch", "sequence");

        String pooled;
        if (settings.pooling() == Pooling.CLS) {
            pooled = node("Gather", List.of("last_hidden_state", constInt64Scalar("first", 0)), attr("axis", 1));
        } else {
            // sum of the real tokens' states over the number of real tokens (at least 1e-9, as sentence-transformers)
            String m = node("Unsqueeze", maskFloat, constInts("last_axis", 2));
            String summed = node("ReduceSum", List.of(node("Mul", "last_hidden_state", m), constInts("seq_axis", 1)),
                    attr("keepdims", 0));
            String count = node("Max", node("ReduceSum", List.of(maskFloat, constInts("seq_axis2", 1)),
                    attr("keepdims", 1)), constFloat("min_count", 1e-9f));
            pooled = node("Div", summed, count);
        }
        if (settings.normalize()) {
            String norm = node("Max", node("ReduceL2", List.of(pooled), intsAttr("axes", 1), attr("keepdims", 1)),
                    constFloat("norm_eps", 1e-12f));
            pooled = node("Div", pooled, norm);
        }
        rename(node("Identity", pooled), "sentence_embedding");
        output("sentence_embedding", hidden, "batch");
    }

    private String linear(String x, Map<String, FloatTensor> w, String prefix) {
        // a Linear's weight is stored [out, in]; MatMul wants [in, out]
        FloatTensor transposed = w.get(prefix + ".weight").transpose2d();
        if (quantization == Quantization.INT8) {
            return node("Add", quantizedMatMul(x, transposed, prefix), weight(w, prefix + ".bias"));
        }
        String weight = initializer(prefix + ".weight.T", transposed);
        return node("Add", node("MatMul", x, weight), weight(w, prefix + ".bias"));
    }

    /** x · W with W [in, out] in int8 (a symmetric scale per output column) and x quantised on the fly. */
    private String quantizedMatMul(String x, FloatTensor weight, String prefix) {
        int in = (int) weight.shape()[0];
        int out = (int) weight.shape()[1];
        float[] scales = new float[out];
        float[] v = weight.data();
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < out; c++) {
                scales[c] = Math.max(scales[c], Math.abs(v[r * out + c]));
            }
        }
        for (int c = 0; c < out; c++) {
            scales[c] = scales[c] == 0 ? 1f : scales[c] / 127f;
        }
        byte[] q = new byte[v.length];
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < out; c++) {
                q[r * out + c] = (byte) Math.max(-127, Math.min(127, Math.round(v[r * out + c] / scales[c])));
            }
        }
        String qw = prefix + ".weight.T.int8";
        graph.addInitializer(TensorProto.newBuilder().setName(qw).setDataType(TensorProto.DataType.INT8_VALUE)
                .addDims(in).addDims(out).setRawData(ByteString.copyFrom(q)));
        String zeros = prefix + ".weight.zero_point";
        graph.addInitializer(TensorProto.newBuilder().setName(zeros).setDataType(TensorProto.DataType.INT8_VALUE)
                .addDims(out).setRawData(ByteString.copyFrom(new byte[out])));
        String scale = initializer(prefix + ".weight.scale", new FloatTensor(new long[] {out}, scales));

        String quantized = "dql_" + (serial++);
        graph.addNode(NodeProto.newBuilder().setOpType("DynamicQuantizeLinear").setName(quantized).addInput(x)
                .addOutput(quantized).addOutput(quantized + "_scale").addOutput(quantized + "_zero_point"));
        String product = node("MatMulInteger", quantized, qw, quantized + "_zero_point", zeros);
        String asFloat = node("Cast", List.of(product), attr("to", TensorProto.DataType.FLOAT_VALUE));
        return node("Mul", asFloat, node("Mul", quantized + "_scale", scale));
    }

    private String layerNorm(String x, Map<String, FloatTensor> w, String prefix, double eps) {
        String mean = node("ReduceMean", List.of(x), intsAttr("axes", -1), attr("keepdims", 1));
        String centred = node("Sub", x, mean);
        String variance = node("ReduceMean", List.of(node("Mul", centred, centred)), intsAttr("axes", -1),
                attr("keepdims", 1));
        String normed = node("Div", centred, node("Sqrt", node("Add", variance, constFloat(null, (float) eps))));
        return node("Add", node("Mul", normed, weight(w, prefix + ".weight")), weight(w, prefix + ".bias"));
    }

    private String gelu(String x, HiddenActivation act) {
        String half = constFloat(null, 0.5f);
        String one = constFloat(null, 1f);
        if (act == HiddenActivation.GELU) {
            String erf = node("Erf", node("Div", x, constFloat(null, (float) Math.sqrt(2.0))));
            return node("Mul", node("Mul", x, half), node("Add", erf, one));
        }
        String cube = node("Mul", node("Mul", x, x), x);
        String inner = node("Mul", node("Add", x, node("Mul", cube, constFloat(null, 0.044715f))),
                constFloat(null, (float) Math.sqrt(2.0 / Math.PI)));
        return node("Mul", node("Mul", x, half), node("Add", node("Tanh", inner), one));
    }

    // ---- graph building ----

    private String node(String op, String... inputs) {
        return node(op, List.of(inputs));
    }

    private String node(String op, List<String> inputs, AttributeProto... attributes) {
        String out = op.toLowerCase() + "_" + (serial++);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    /** Renames the output of the last node that wrote {@code from} to {@code to} (the graph's output names). */
    private void rename(String from, String to) {
        for (int i = graph.getNodeCount() - 1; i >= 0; i--) {
            NodeProto n = graph.getNode(i);
            if (n.getOutput(0).equals(from)) {
                graph.setNode(i, n.toBuilder().setOutput(0, to));
                return;
            }
        }
        throw new IllegalStateException("no node writes " + from);
    }

    private static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private String weight(Map<String, FloatTensor> w, String name) {
        return initializer(name, w.get(name));
    }

    private String initializer(String name, FloatTensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(t.data());
        TensorProto.Builder p = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : t.shape()) {
            p.addDims(d);
        }
        graph.addInitializer(p);
        return name;
    }

    private String constFloat(String name, float value) {
        String n = name != null ? name : "const_" + (serial++);
        return initializer(n, new FloatTensor(new long[0], new float[] {value}));
    }

    private String constInts(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    private String constInt64Scalar(String name, long value) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    private void input(String name) {
        graph.addInput(value(name, TensorProto.DataType.INT64_VALUE, shape("batch", "sequence")));
    }

    private void output(String name, int hidden, String... dynamic) {
        TensorShapeProto.Builder shape = shape(dynamic);
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(hidden));
        graph.addOutput(value(name, TensorProto.DataType.FLOAT_VALUE, shape));
    }

    private static TensorShapeProto.Builder shape(String... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (String d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(d));
        }
        return shape;
    }

    private static ValueInfoProto value(String name, int type, TensorShapeProto.Builder shape) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }
}
