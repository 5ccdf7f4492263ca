package dev.tenor.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.eval.ExactSearch;
import dev.tenor.eval.Neighbours;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceTokenizer;
import dev.tenor.task.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code tenor export onnx --quantize int8} costs and buys: MTOP English exact top-1 (train indexed,
 * test queried) and the time to embed all 20,053 sentences in ONNX Runtime, float export against int8 export
 * of the default model, measured in one run. Run with {@code mvn -Pbenchmark test -Dtest=OnnxInt8Benchmark}.
 */
@Tag("benchmark")
class OnnxInt8Benchmark {

    @TempDir
    Path home;

    @Test
    void int8AgainstFloat() throws Exception {
        ModelFolder folder = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(),
                ProgressListener.NONE);
        IntentDataset mtop = IntentDatasetReader.read(Path.of("../shared/data/mtop_intent/en"));
        List<String> lines = new ArrayList<>();
        double[] top1 = new double[2];
        double[] seconds = new double[2];
        OnnxExport.Quantization[] kinds = OnnxExport.Quantization.values();
        try (SentenceTokenizer tok = SentenceTokenizer.open(folder.tokenizerFile(), "",
                BuiltinModel.DEFAULT.maxSeqLength())) {
            for (int k = 0; k < kinds.length; k++) {
                byte[] onnx = OnnxExport.export(folder, kinds[k]);
                long t0 = System.nanoTime();
                float[][] train = embed(onnx, tok, mtop.train().texts());
                float[][] test = embed(onnx, tok, mtop.test().texts());
                seconds[k] = (System.nanoTime() - t0) / 1e9;
                Neighbours n = ExactSearch.search(train, test, 1);
                int right = 0;
                for (int q = 0; q < test.length; q++) {
                    right += mtop.train().labels().get(n.idsOf(q)[0]).equals(mtop.test().labels().get(q)) ? 1 : 0;
                }
                top1[k] = (double) right / test.length;
                lines.add(String.format("%-5s export: %5.1f MB, MTOP exact top-1 %.4f, embed 20,053 sentences %.1f s",
                        kinds[k].name().toLowerCase(), onnx.length / 1e6, top1[k], seconds[k]));
            }
        }
        lines.add(String.format("int8 - float top-1: %+.4f (%+.2f points); int8 speed: %.2fx the float export's",
                top1[1] - top1[0], 100 * (top1[1] - top1[0]), seconds[0] / seconds[1]));
        lines.forEach(System.out::println);
        assertEquals(4386, mtop.test().size());
    }

    /** Embeddings in batches of 64 sentences of similar length (sorted), returned in input order. */
    private static float[][] embed(byte[] onnx, SentenceTokenizer tok, List<String> texts) throws Exception {
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        float[][] out = new float[texts.size()][];
        try (OnnxSession s = new OnnxSession(onnx)) {
            for (int from = 0; from < order.length; from += 64) {
                List<String> batch = new ArrayList<>();
                int to = Math.min(order.length, from + 64);
                for (int i = from; i < to; i++) {
                    batch.add(texts.get(order[i]));
                }
                float[][] e = s.embed(tok, batch);
                for (int i = from; i < to; i++) {
                    out[order[i]] = e[i - from];
                }
            }
        }
        return out;
    }
}
