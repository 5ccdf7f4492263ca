package dev.tenor.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import dev.tenor.SmallDisk;
import dev.tenor.io.BadInputException;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BertConfig;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.SentenceTokenizer;
import dev.tenor.model.TinyModels;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model.onnx} written by {@link OnnxExport}, run by ONNX Runtime (an independent implementation of
 * every operator), against Tenor's own encoder on 32 varied sentences, and for the built-in model against
 * the original ONNX file the weights came from.
 */
class OnnxExportTest {

    @TempDir
    Path tmp;

    static List<String> sentences() {
        return dev.tenor.model.VariedSentences.THIRTY_TWO;
    }

    static OnnxSession.Outputs run(byte[] onnx, SentenceTokenizer tokenizer, List<String> texts) throws OrtException {
        try (OnnxSession s = new OnnxSession(onnx)) {
            return s.run(tokenizer, texts);
        }
    }

    static double cosine(float[] a, float[] b) {
        return dev.tenor.model.Vectors.cosine(a, b);
    }

    /** The exported graph's sentence embeddings against Tenor's encoder on the same folder. */
    static double worstCosine(ModelFolder folder, byte[] onnx) throws OrtException {
        List<String> texts = sentences();
        float[][] tenor;
        try (SentenceEncoder e = SentenceEncoder.open(folder)) {
            tenor = e.encode(texts);
        }
        OnnxSession.Outputs o;
        try (SentenceTokenizer tok = SentenceTokenizer.open(folder.tokenizerFile(), folder.settings().prompt(),
                Math.min(folder.settings().maxSeqLength(), folder.config().maxPositions()))) {
            o = run(onnx, tok, texts);
        }
        double worst = 1;
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(tenor[i].length, o.embedding()[i].length);
            worst = Math.min(worst, cosine(tenor[i], o.embedding()[i]));
        }
        return worst;
    }

    @Test
    void theBuiltInModelsExportEmbedsAsTenorAndMatchesTheOriginalOnnxFile() throws Exception {
        ModelFolder folder = new ModelStore(new TenorPaths(tmp.resolve("home")))
                .resolve(BuiltinModel.DEFAULT.modelName(), ProgressListener.NONE);
        Path out = tmp.resolve("export");
        Path file = OnnxExport.writeFolder(folder, out, false);
        assertEquals(Set.of("model.onnx", "tokenizer.json", "README.md"), names(out));
        byte[] onnx = Files.readAllBytes(file);
        double worst = worstCosine(folder, onnx);
        System.out.printf("built-in export: worst cosine to Tenor over 32 sentences %.8f%n", worst);
        assertTrue(worst >= 0.99999, "worst cosine " + worst);
        assertTrue(Files.readString(out.resolve("README.md")).contains("PoolingMode.MEAN"));

        // the original file's last hidden state, on the same token ids, at every real token
        List<String> texts = sentences();
        try (SentenceTokenizer tok = SentenceTokenizer.open(folder.tokenizerFile(), "",
                BuiltinModel.DEFAULT.maxSeqLength())) {
            OnnxSession.Outputs ours = run(onnx, tok, texts);
            OnnxSession.Outputs original = run(OnnxReference.onnxBytes(BuiltinModel.DEFAULT), tok, texts, true);
            double largest = 0;
            for (int b = 0; b < texts.size(); b++) {
                for (int t = 0; t < ours.mask()[b].length; t++) {
                    if (ours.mask()[b][t] == 0) {
                        continue;
                    }
                    for (int j = 0; j < ours.hidden()[b][t].length; j++) {
                        largest = Math.max(largest, Math.abs(ours.hidden()[b][t][j] - original.hidden()[b][t][j]));
                    }
                }
            }
            System.out.printf("built-in export vs the original ONNX file: largest |difference| in last_hidden_state"
                    + " %.2e%n", largest);
            assertTrue(largest < 1e-5, "largest difference " + largest);
        }

        // langchain4j loads the exported files as they are and pools last_hidden_state itself
        var l4j = new dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel(file, out.resolve("tokenizer.json"),
                dev.langchain4j.model.embedding.onnx.PoolingMode.MEAN);
        List<String> some = List.of("I forgot my pin and have locked my card.", "Play some jazz 🎷🎶 please",
                "What's the weather in Zürich, São Paulo and Kraków?", "cancel my 3 pm meeting");
        try (SentenceEncoder e = SentenceEncoder.open(folder)) {
            float[][] tenor = e.encode(some);
            for (int i = 0; i < some.size(); i++) {
                double c = cosine(tenor[i], l4j.embed(some.get(i)).content().vector());
                assertTrue(c >= 0.9999, "langchain4j vs Tenor on '" + some.get(i) + "': cosine " + c);
            }
        }
    }

    /** As {@link #run(byte[], SentenceTokenizer, List)} for a graph with only a last hidden state (the original). */
    static OnnxSession.Outputs run(byte[] onnx, SentenceTokenizer tokenizer, List<String> texts, boolean hiddenOnly)
            throws OrtException {
        OnnxReference.TokenBatch batch = OnnxSession.batch(tokenizer, texts);
        try (OnnxReference ref = new OnnxReference(onnx)) {
            return new OnnxSession.Outputs(ref.lastHiddenState(batch), null, batch.attentionMask());
        }
    }

    @Test
    void aTanhGeluClsModelWithoutNormalisationExportsToo() throws Exception {
        BertConfig tanh = new BertConfig(30522, 32, 2, 4, 64, 40, 2, 1e-12, "gelu_new");
        ModelFolder folder = TinyModels.write(tmp.resolve("tiny"), tanh, new SentenceSettings(32, Pooling.CLS, false, ""),
                9);
        double worst = worstCosine(folder, OnnxExport.export(folder));
        System.out.printf("tiny gelu_new CLS export: worst cosine %.8f%n", worst);
        assertTrue(worst >= 0.99999, "worst cosine " + worst);
    }

    @Test
    void theInt8ExportStaysCloseToTheFloatOneAtAQuarterOfTheWeights() throws Exception {
        ModelFolder folder = new ModelStore(new TenorPaths(tmp.resolve("home")))
                .resolve(BuiltinModel.DEFAULT.modelName(), ProgressListener.NONE);
        byte[] fp = OnnxExport.export(folder);
        byte[] q = OnnxExport.export(folder, OnnxExport.Quantization.INT8);
        // the Linear weights (10.6 M of 22.7 M parameters) shrink 4x; the embeddings (11.9 M) stay float
        long linear = 6L * (4 * 384 * 384 + 2 * 384 * 1536);
        assertEquals(fp.length - 3 * linear, q.length, fp.length * 0.01, q.length + " vs " + fp.length);
        List<String> texts = sentences();
        try (SentenceTokenizer tok = SentenceTokenizer.open(folder.tokenizerFile(), "",
                BuiltinModel.DEFAULT.maxSeqLength())) {
            float[][] a = run(fp, tok, texts).embedding();
            float[][] b = run(q, tok, texts).embedding();
            double worst = 1;
            double sum = 0;
            for (int i = 0; i < texts.size(); i++) {
                double c = cosine(a[i], b[i]);
                worst = Math.min(worst, c);
                sum += c;
            }
            System.out.printf("int8 vs float export: mean cosine %.5f, worst %.5f over 32 sentences%n",
                    sum / texts.size(), worst);
            assertTrue(worst > 0.95, "worst cosine " + worst);
            assertTrue(sum / texts.size() > 0.98, "mean cosine " + sum / texts.size());
        }
    }

    @Test
    void badInputIsRefusedAndLeavesNoFile() throws IOException {
        ModelFolder folder = TinyModels.write(tmp.resolve("tiny"), new SentenceSettings(32, Pooling.MEAN, true, ""), 3);
        Path out = Files.createDirectories(tmp.resolve("exists"));
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxExport.writeFolder(folder, out, false));
        assertEquals(out + ": exists; use --overwrite to replace it", e.getMessage());
        assertEquals(Set.of(), names(out));

        // a folder whose weights lack a tensor its config.json needs is not an encoder
        ModelFolder small = TinyModels.write(tmp.resolve("small"), new SentenceSettings(32, Pooling.MEAN, true, ""), 4);
        BertConfig wider = new BertConfig(30522, 32, 3, 4, 64, 128, 2, 1e-12, "gelu"); // 3 layers, weights for 2
        Files.writeString(small.dir().resolve("config.json"), Files.readString(small.dir().resolve("config.json"))
                .replace("\"num_hidden_layers\" : 2", "\"num_hidden_layers\" : 3")
                .replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3"));
        ModelFolder broken = ModelFolder.open(small.dir());
        assertEquals(wider.numLayers(), broken.config().numLayers(), "the test's edit of config.json took");
        Path target = tmp.resolve("broken-export");
        BadInputException b = assertThrows(BadInputException.class, () -> OnnxExport.writeFolder(broken, target, false));
        assertEquals(broken.weightsFile() + ": has no tensor encoder.layer.2.attention.self.query.weight; not a BERT "
                + "encoder", b.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void aFullDiskFailsWithTheTargetNamedAndLeavesNothing() throws Exception {
        ModelFolder folder = new ModelStore(new TenorPaths(tmp.resolve("home")))
                .resolve(BuiltinModel.DEFAULT.modelName(), ProgressListener.NONE);
        try (SmallDisk small = SmallDisk.mount(tmp.resolve("small-disk"), "20m",
                "the disk-full test")) {
            Path disk = small.dir();
            Path out = disk.resolve("export");
            IOException e = assertThrows(IOException.class, () -> OnnxExport.writeFolder(folder, out, false));
            assertTrue(e.getMessage().startsWith(out + ": cannot write ("), e.getMessage()); // 90 MB graph, 20 MB disk
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertEquals(Set.of(), names(disk), "no model.onnx and no temporary left");
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }
}
