package dev.tenor.model.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.CodedInputStream;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.Pooling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only independent reference: runs an ONNX BERT graph with ONNX Runtime on given token ids. It shares
 * no code with Tenor's encoder or importer, so agreement between them means something.
 *
 * <p>Besides the last hidden state it can return the attention probabilities: every layer's Softmax node
 * output is added to the graph outputs (by editing the ModelProto) and read back.
 */
public final class OnnxReference implements AutoCloseable {

    private static final Pattern LAYER_INDEX = Pattern.compile("layer\\.(\\d+)/");

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final byte[] onnx;
    private final OrtSession session;
    private OrtSession attentionSession;
    private List<String> softmaxOutputs;

    public OnnxReference(byte[] onnx) throws OrtException {
        this.onnx = onnx;
        this.session = env.createSession(onnx, options());
    }

    /** A reference for a built-in model, read from the class path. */
    public static OnnxReference of(BuiltinModel model) throws OrtException {
        return new OnnxReference(onnxBytes(model));
    }

    public static byte[] onnxBytes(BuiltinModel model) {
        try (InputStream in = model.openOnnx()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Hugging Face tokenizer for a built-in model that truncates at the model's {@code max_seq_length}
     * (not the 128 in the jar's tokenizer.json) and does not pad (batches are padded by {@link TokenBatch}).
     */
    public static HuggingFaceTokenizer tokenizer(BuiltinModel model) {
        try (InputStream in = model.openTokenizer()) {
            return HuggingFaceTokenizer.newInstance(in, Map.of(
                    "truncation", "true",
                    "maxLength", Integer.toString(model.maxSeqLength()),
                    "modelMaxLength", Integer.toString(model.maxSeqLength()),
                    "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The graph's input names, e.g. input_ids, attention_mask, token_type_ids. */
    public Set<String> inputNames() throws OrtException {
        return session.getInputNames();
    }

    /** The graph's output names, e.g. last_hidden_state. */
    public Set<String> outputNames() throws OrtException {
        return session.getOutputNames();
    }

    /** The last hidden state [batch][tokens][hidden] (padding rows included). */
    public float[][][] lastHiddenState(TokenBatch batch) throws OrtException {
        Map<String, OnnxTensor> inputs = inputs(batch, session.getInputNames());
        try (OrtSession.Result result = session.run(inputs)) {
            return (float[][][]) result.get(0).getValue();
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Attention probabilities of one sentence, [layer][head][query token][key token]. */
    public float[][][][] attention(long[] inputIds, long[] attentionMask, long[] tokenTypeIds) throws OrtException {
        OrtSession s = attentionSession();
        TokenBatch batch = new TokenBatch(new long[][] {inputIds}, new long[][] {attentionMask},
                new long[][] {tokenTypeIds});
        Map<String, OnnxTensor> inputs = inputs(batch, s.getInputNames());
        try (OrtSession.Result result = s.run(inputs, Set.copyOf(softmaxOutputs))) {
            float[][][][] maps = new float[softmaxOutputs.size()][][][];
            for (int layer = 0; layer < maps.length; layer++) {
                OnnxValue value = result.get(softmaxOutputs.get(layer)).orElseThrow();
                maps[layer] = ((float[][][][]) value.getValue())[0];
            }
            return maps;
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Names of the Softmax outputs exposed as attention, in layer order. */
    public List<String> softmaxOutputs() throws OrtException {
        attentionSession();
        return softmaxOutputs;
    }

    private OrtSession attentionSession() throws OrtException {
        if (attentionSession == null) {
            ModelProto model = parse(onnx);
            List<NodeProto> softmaxes = new ArrayList<>(model.getGraph().getNodeList().stream()
                    .filter(n -> n.getOpType().equals("Softmax")).toList());
            softmaxes.sort(Comparator.comparingInt(OnnxReference::layerIndex));
            GraphProto.Builder graph = model.getGraph().toBuilder();
            TypeProto floatTensor = TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))
                    .build();
            List<String> names = new ArrayList<>();
            for (NodeProto softmax : softmaxes) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(softmax.getOutput(0)).setType(floatTensor));
                names.add(softmax.getOutput(0));
            }
            byte[] edited = model.toBuilder().setGraph(graph).build().toByteArray();
            attentionSession = env.createSession(edited, options());
            softmaxOutputs = List.copyOf(names);
        }
        return attentionSession;
    }

    private static int layerIndex(NodeProto node) {
        Matcher m = LAYER_INDEX.matcher(node.getName());
        if (!m.find()) {
            throw new IllegalStateException("Softmax node without a layer index: " + node.getName());
        }
        return Integer.parseInt(m.group(1));
    }

    static ModelProto parse(byte[] bytes) {
        try {
            CodedInputStream input = CodedInputStream.newInstance(bytes);
            input.setSizeLimit(Integer.MAX_VALUE);
            return ModelProto.parseFrom(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, OnnxTensor> inputs(TokenBatch batch, Set<String> names) throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        inputs.put("input_ids", OnnxTensor.createTensor(env, batch.inputIds()));
        inputs.put("attention_mask", OnnxTensor.createTensor(env, batch.attentionMask()));
        if (names.contains("token_type_ids")) {
            inputs.put("token_type_ids", OnnxTensor.createTensor(env, batch.tokenTypeIds()));
        }
        return inputs;
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        return options;
    }

    @Override
    public void close() throws OrtException {
        session.close();
        if (attentionSession != null) {
            attentionSession.close();
        }
    }

    /**
     * Sentence embeddings from a last hidden state: masked mean or the CLS state, then optional L2
     * normalisation, as sentence-transformers' Pooling and Normalize modules do.
     */
    public static float[][] pool(float[][][] hidden, long[][] attentionMask, Pooling pooling, boolean normalize) {
        float[][] out = new float[hidden.length][];
        for (int b = 0; b < hidden.length; b++) {
            int width = hidden[b][0].length;
            double[] sum = new double[width];
            if (pooling == Pooling.CLS) {
                for (int j = 0; j < width; j++) {
                    sum[j] = hidden[b][0][j];
                }
            } else {
                int count = 0;
                for (int t = 0; t < hidden[b].length; t++) {
                    if (attentionMask[b][t] != 0) {
                        count++;
                        for (int j = 0; j < width; j++) {
                            sum[j] += hidden[b][t][j];
                        }
                    }
                }
                // sentence-transformers clamps the token count at 1e-9 to avoid dividing by zero.
                double denominator = Math.max(count, 1e-9);
                for (int j = 0; j < width; j++) {
                    sum[j] /= denominator;
                }
            }
            double norm = 0;
            for (double v : sum) {
                norm += v * v;
            }
            // torch.nn.functional.normalize divides by max(norm, 1e-12).
            double scale = normalize ? 1.0 / Math.max(Math.sqrt(norm), 1e-12) : 1.0;
            out[b] = new float[width];
            for (int j = 0; j < width; j++) {
                out[b][j] = (float) (sum[j] * scale);
            }
        }
        return out;
    }

    /** Token ids of a batch, right-padded with zeros (mask 0) to the longest sentence. */
    public record TokenBatch(long[][] inputIds, long[][] attentionMask, long[][] tokenTypeIds) {

        public static TokenBatch of(List<Encoding> encodings) {
            int width = encodings.stream().mapToInt(e -> e.getIds().length).max().orElse(0);
            long[][] ids = new long[encodings.size()][width];
            long[][] mask = new long[encodings.size()][width];
            long[][] types = new long[encodings.size()][width];
            for (int b = 0; b < encodings.size(); b++) {
                Encoding e = encodings.get(b);
                System.arraycopy(e.getIds(), 0, ids[b], 0, e.getIds().length);
                System.arraycopy(e.getAttentionMask(), 0, mask[b], 0, e.getAttentionMask().length);
                System.arraycopy(e.getTypeIds(), 0, types[b], 0, e.getTypeIds().length);
            }
            return new TokenBatch(ids, mask, types);
        }
    }
}
