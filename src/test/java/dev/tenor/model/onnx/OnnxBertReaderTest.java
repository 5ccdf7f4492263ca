package dev.tenor.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.tenor.io.BadInputException;
import dev.tenor.model.BertConfig;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.FloatTensor;
import dev.tenor.task.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxBertReaderTest {

    @TempDir
    Path tmp;

    // ---- the three real built-in models ----

    @ParameterizedTest
    @EnumSource(BuiltinModel.class)
    void infersTheConfigOfEachBuiltinModel(BuiltinModel model) {
        OnnxBertWeights w = BuiltinFixtures.weights(model);
        int layers = model == BuiltinModel.ALL_MINILM_L6_V2 ? 6 : 12;
        assertEquals(new BertConfig(30522, 384, layers, 12, 1536, 512, 2, 1e-12, "gelu"), w.config());
        assertTrue(w.headsFromGraph(), "heads read from the Reshape constants");
        assertTrue(w.epsFromGraph(), "epsilon read from the decomposed layer norm");
    }

    @ParameterizedTest
    @EnumSource(BuiltinModel.class)
    void mapsEveryWeightWithItsHuggingFaceShape(BuiltinModel model) {
        OnnxBertWeights w = BuiltinFixtures.weights(model);
        int layers = w.config().numLayers();
        // the names Tenor's BERT blocks declare (model.bert), in their state-dict order
        var shapes = new dev.tenor.model.bert.BertEncoder(w.config()).expectedShapesByName();
        List<String> expected = new ArrayList<>(shapes.keySet());
        assertEquals(expected, new ArrayList<>(w.weights().keySet()), "names in state-dict order, no pooler");
        shapes.forEach((name, shape) -> assertArrayEquals(shape.getShape(), w.weights().get(name).shape(), name));
        assertEquals(5 + 16 * layers, w.weights().size());

        Map<String, FloatTensor> t = w.weights();
        assertArrayEquals(new long[] {30522, 384}, t.get("embeddings.word_embeddings.weight").shape());
        assertArrayEquals(new long[] {512, 384}, t.get("embeddings.position_embeddings.weight").shape());
        assertArrayEquals(new long[] {2, 384}, t.get("embeddings.token_type_embeddings.weight").shape());
        assertArrayEquals(new long[] {384}, t.get("embeddings.LayerNorm.bias").shape());
        String last = "encoder.layer." + (layers - 1) + ".";
        for (String name : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense")) {
            assertArrayEquals(new long[] {384, 384}, t.get(last + name + ".weight").shape(), name);
            assertArrayEquals(new long[] {384}, t.get(last + name + ".bias").shape(), name);
        }
        assertArrayEquals(new long[] {1536, 384}, t.get(last + "intermediate.dense.weight").shape());
        assertArrayEquals(new long[] {1536}, t.get(last + "intermediate.dense.bias").shape());
        assertArrayEquals(new long[] {384, 1536}, t.get(last + "output.dense.weight").shape());
        assertArrayEquals(new long[] {384}, t.get(last + "output.LayerNorm.weight").shape());
    }

    @ParameterizedTest
    @EnumSource(BuiltinModel.class)
    void valuesEqualTheRawInitializers(BuiltinModel model) {
        OnnxBertWeights w = BuiltinFixtures.weights(model);
        GraphProto graph = OnnxReference.parse(OnnxReference.onnxBytes(model)).getGraph();
        int hidden = 384;

        // A named initializer is copied as is: word embedding of token 2023 ("this"), column 17.
        float[] words = rawFloats(initializer(graph, "embeddings.word_embeddings.weight"));
        assertEquals(words[2023 * hidden + 17], w.weights().get("embeddings.word_embeddings.weight").data()[2023 * hidden + 17]);
        float[] lnBias = rawFloats(initializer(graph, "encoder.layer.0.output.LayerNorm.bias"));
        assertArrayEquals(lnBias, w.weights().get("encoder.layer.0.output.LayerNorm.bias").data());

        // A MatMul weight is stored [in, out]; the Linear weight is [out, in].
        int last = w.config().numLayers() - 1;
        String output = "/encoder/layer." + last + "/output/dense/MatMul_output_0";
        NodeProto matmul = graph.getNodeList().stream().filter(n -> n.getOutput(0).equals(output)).findFirst()
                .orElseThrow();
        TensorProto stored = initializer(graph, matmul.getInput(1));
        assertTrue(matmul.getInput(1).startsWith("onnx::MatMul_"), matmul.getInput(1));
        assertEquals(List.of(1536L, 384L), stored.getDimsList());
        float[] raw = rawFloats(stored);
        float[] linear = w.weights().get("encoder.layer." + last + ".output.dense.weight").data();
        for (int[] p : new int[][] {{0, 0}, {100, 7}, {1535, 383}, {777, 200}}) {
            int in = p[0];
            int out = p[1];
            assertEquals(raw[in * 384 + out], linear[out * 1536 + in], "in " + in + " out " + out);
        }
        float[] query = w.weights().get("encoder.layer.0.attention.self.query.weight").data();
        NodeProto q = graph.getNodeList().stream()
                .filter(n -> n.getOutput(0).equals("/encoder/layer.0/attention/self/query/MatMul_output_0"))
                .findFirst().orElseThrow();
        float[] rawQuery = rawFloats(initializer(graph, q.getInput(1)));
        assertEquals(rawQuery[5 * 384 + 300], query[300 * 384 + 5]);
    }

    @Test
    void reportsProgressWhileReading() {
        BuiltinModel model = BuiltinModel.ALL_MINILM_L6_V2;
        List<BuiltinFixtures.ProgressEvent> events = BuiltinFixtures.progress(model);
        long size = model.onnxSize();
        assertEquals(90_387_606L, size);
        List<BuiltinFixtures.ProgressEvent> reading = events.stream()
                .filter(e -> e.message().equals("Reading all-minilm-l6-v2.onnx")).toList();
        assertTrue(reading.size() >= 10, "about every 8 MB: " + reading.size());
        assertEquals(new BuiltinFixtures.ProgressEvent(size, size, "Reading all-minilm-l6-v2.onnx"),
                reading.get(reading.size() - 1));
        for (int i = 1; i < reading.size(); i++) {
            assertTrue(reading.get(i).done() >= reading.get(i - 1).done());
        }
        assertTrue(events.contains(new BuiltinFixtures.ProgressEvent(1, 1, "Parsing ONNX graph")));
        assertEquals(new BuiltinFixtures.ProgressEvent(101, 101, "Converting weights"), events.get(events.size() - 1));
    }

    // ---- small hand-made graphs: storage variants and bad input ----

    @Test
    void readsFloatDataPrefixedNamesAndLayerNormalizationNodes() throws IOException {
        Path file = write(tinyBert(UnaryOperator.identity(), false));
        OnnxBertWeights w = OnnxBertReader.read(file, 2, ProgressListener.NONE);

        assertEquals(new BertConfig(7, 4, 1, 2, 6, 5, 2, 1e-5, "gelu"), w.config());
        assertFalse(w.headsFromGraph(), "no Reshape: the fallback heads are used");
        assertTrue(w.epsFromGraph());
        assertEquals(5 + 16, w.weights().size());
        // float_data storage, "bert." prefix dropped.
        assertArrayEquals(values(7 * 4, 1), w.weights().get("embeddings.word_embeddings.weight").data());
        // MatMul weight stored [in=4, out=6] in raw_data, returned [out=6, in=4].
        FloatTensor intermediate = w.weights().get("encoder.layer.0.intermediate.dense.weight");
        assertArrayEquals(new long[] {6, 4}, intermediate.shape());
        float[] stored = values(4 * 6, 15); // the fifth MatMul operand: seed 10, values from 10 + 5
        assertEquals(stored[3 * 6 + 5], intermediate.data()[5 * 4 + 3]);
        assertEquals(stored[1 * 6 + 2], intermediate.data()[2 * 4 + 1]);
    }

    @Test
    void readsHeadsFromReshapeConstants() throws IOException {
        Path file = write(tinyBert(UnaryOperator.identity(), true));
        OnnxBertWeights w = OnnxBertReader.read(file, 1, ProgressListener.NONE);
        assertEquals(2, w.config().numHeads());
        assertTrue(w.headsFromGraph());
    }

    @Test
    void missingWeightIsNamed() throws IOException {
        Path file = write(tinyBert(g -> removeInitializer(g, "bert.encoder.layer.0.output.LayerNorm.bias"), false));
        BadInputException e = assertThrows(BadInputException.class,
                () -> OnnxBertReader.read(file, 2, ProgressListener.NONE));
        assertEquals(file + ": weight encoder.layer.0.output.LayerNorm.bias is missing from the ONNX graph",
                e.getMessage());
    }

    @Test
    void float16WeightsAreRejected() throws IOException {
        Path file = write(tinyBert(g -> {
            GraphProto.Builder b = g.toBuilder();
            for (int i = 0; i < b.getInitializerCount(); i++) {
                if (b.getInitializer(i).getName().equals("bert.embeddings.LayerNorm.weight")) {
                    b.setInitializer(i, b.getInitializer(i).toBuilder().clearFloatData()
                            .setDataType(TensorProto.DataType.FLOAT16_VALUE).setRawData(ByteString.copyFrom(new byte[8])));
                }
            }
            return b.build();
        }, false));
        BadInputException e = assertThrows(BadInputException.class,
                () -> OnnxBertReader.read(file, 2, ProgressListener.NONE));
        assertEquals(file + ": weight embeddings.LayerNorm.weight has data type FLOAT16; only float32 ONNX models "
                + "are supported", e.getMessage());
    }

    @Test
    void anOnnxModelThatIsNotBertIsRejected() throws IOException {
        GraphProto graph = GraphProto.newBuilder()
                .addInitializer(floatTensor("w", new long[] {2}, values(2, 1), false))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("w").addOutput("y"))
                .build();
        Path file = write(ModelProto.newBuilder().setIrVersion(8).setGraph(graph).build());
        BadInputException e = assertThrows(BadInputException.class,
                () -> OnnxBertReader.read(file, 12, ProgressListener.NONE));
        assertEquals(file + ": is not a BERT ONNX model: no embeddings.word_embeddings.weight initializer",
                e.getMessage());
    }

    @Test
    void aFileThatIsNotOnnxIsRejected() throws IOException {
        Path file = tmp.resolve("notes.onnx");
        Files.writeString(file, "this is a text file, not a model\n".repeat(50), StandardCharsets.UTF_8);
        BadInputException e = assertThrows(BadInputException.class,
                () -> OnnxBertReader.read(file, 12, ProgressListener.NONE));
        assertTrue(e.getMessage().startsWith(file + ": is not an ONNX model"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = tmp.resolve("absent.onnx");
        BadInputException e = assertThrows(BadInputException.class,
                () -> OnnxBertReader.read(file, 12, ProgressListener.NONE));
        assertEquals(file + ": no such file", e.getMessage());
    }

    // ---- helpers ----

    private Path write(ModelProto model) throws IOException {
        Path file = Files.createTempFile(tmp, "model", ".onnx");
        Files.write(file, model.toByteArray());
        return file;
    }

    /**
     * A one-layer BERT graph (vocab 7, hidden 4, intermediate 6, 5 positions) the way a {@code bert.}-prefixed
     * export stores it: named tensors in float_data, Linear weights as unnamed MatMul operands in raw_data,
     * one LayerNormalization node with epsilon 1e-5. Not runnable; the reader only reads.
     */
    private static ModelProto tinyBert(UnaryOperator<GraphProto> edit, boolean withReshape) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("tiny");
        g.addInitializer(floatTensor("bert.embeddings.word_embeddings.weight", new long[] {7, 4}, values(28, 1), false));
        g.addInitializer(floatTensor("bert.embeddings.position_embeddings.weight", new long[] {5, 4}, values(20, 2), false));
        g.addInitializer(floatTensor("bert.embeddings.token_type_embeddings.weight", new long[] {2, 4}, values(8, 3), false));
        g.addInitializer(floatTensor("bert.embeddings.LayerNorm.weight", new long[] {4}, values(4, 4), false));
        g.addInitializer(floatTensor("bert.embeddings.LayerNorm.bias", new long[] {4}, values(4, 5), false));
        String p = "bert.encoder.layer.0.";
        int seed = 6;
        for (String linear : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense", "intermediate.dense", "output.dense")) {
            int in = linear.equals("output.dense") ? 6 : 4;
            int out = linear.equals("intermediate.dense") ? 6 : 4;
            String weight = "onnx::MatMul_" + seed;
            g.addInitializer(floatTensor(weight, new long[] {in, out}, values(in * out, seed + 5), true));
            g.addInitializer(floatTensor(p + linear + ".bias", new long[] {out}, values(out, seed), false));
            g.addNode(NodeProto.newBuilder().setOpType("MatMul").setName("/bert/encoder/layer.0/" + linear.replace('.', '/') + "/MatMul")
                    .addInput("h").addInput(weight)
                    .addOutput("/bert/encoder/layer.0/" + linear.replace('.', '/') + "/MatMul_output_0"));
            seed++;
        }
        for (String norm : List.of("attention.output.LayerNorm", "output.LayerNorm")) {
            g.addInitializer(floatTensor(p + norm + ".weight", new long[] {4}, values(4, seed++), false));
            g.addInitializer(floatTensor(p + norm + ".bias", new long[] {4}, values(4, seed++), false));
        }
        g.addNode(NodeProto.newBuilder().setOpType("LayerNormalization").addInput("e")
                .addInput("bert.embeddings.LayerNorm.weight").addInput("bert.embeddings.LayerNorm.bias")
                .addOutput("n").addAttribute(AttributeProto.newBuilder().setName("epsilon").setF(1e-5f)
                        .setType(AttributeProto.AttributeType.FLOAT)));
        g.addNode(NodeProto.newBuilder().setOpType("Erf").addInput("a").addOutput("b"));
        if (withReshape) {
            g.addNode(constantLong("c_heads", 2));
            g.addNode(constantLong("c_size", 2));
            g.addNode(NodeProto.newBuilder().setOpType("Concat").addInput("batch").addInput("tokens")
                    .addInput("c_heads").addInput("c_size").addOutput("shape"));
            g.addNode(NodeProto.newBuilder().setOpType("Reshape").addInput("q").addInput("shape").addOutput("r"));
        }
        return ModelProto.newBuilder().setIrVersion(8).setGraph(edit.apply(g.build())).build();
    }

    private static NodeProto constantLong(String output, long value) {
        TensorProto t = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addDims(1)
                .addInt64Data(value).build();
        return NodeProto.newBuilder().setOpType("Constant").addOutput(output)
                .addAttribute(AttributeProto.newBuilder().setName("value").setT(t)
                        .setType(AttributeProto.AttributeType.TENSOR)).build();
    }

    private static GraphProto removeInitializer(GraphProto g, String name) {
        GraphProto.Builder b = g.toBuilder().clearInitializer();
        g.getInitializerList().stream().filter(t -> !t.getName().equals(name)).forEach(b::addInitializer);
        return b.build();
    }

    private static float[] values(int n, int seed) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = seed + i / 64f;
        }
        return v;
    }

    private static TensorProto floatTensor(String name, long[] dims, float[] data, boolean raw) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        if (raw) {
            ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(data);
            t.setRawData(ByteString.copyFrom(bytes.array()));
        } else {
            for (float f : data) {
                t.addFloatData(f);
            }
        }
        return t.build();
    }

    private static TensorProto initializer(GraphProto graph, String name) {
        return graph.getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no initializer " + name));
    }

    private static float[] rawFloats(TensorProto t) {
        float[] v = new float[t.getRawData().size() / 4];
        t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
