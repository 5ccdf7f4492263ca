package dev.tenor.eval;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.onnx.OnnxReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Sentence embeddings from the independent ONNX Runtime reference (no Tenor encoder code): the Hugging Face
 * tokenizer, the model's ONNX graph, then sentence-transformers pooling and normalisation in plain Java.
 * Sentences are sorted by length and batched, as any fast embedder would.
 */
final class PeerEmbeddings {

    private PeerEmbeddings() {
    }

    static float[][] embed(BuiltinModel model, List<String> texts, int batchSize) throws Exception {
        try (OnnxReference ort = OnnxReference.of(model); HuggingFaceTokenizer tokenizer = OnnxReference.tokenizer(model)) {
            List<Encoding> encodings = new ArrayList<>(texts.size());
            for (String t : texts) {
                encodings.add(tokenizer.encode(model.queryPrefix() + t));
            }
            Integer[] order = new Integer[texts.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingInt((Integer i) -> encodings.get(i).getIds().length));
            float[][] out = new float[texts.size()][];
            for (int start = 0; start < order.length; start += batchSize) {
                int end = Math.min(order.length, start + batchSize);
                List<Encoding> batch = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    batch.add(encodings.get(order[i]));
                }
                OnnxReference.TokenBatch tokens = OnnxReference.TokenBatch.of(batch);
                float[][] pooled = OnnxReference.pool(ort.lastHiddenState(tokens), tokens.attentionMask(),
                        model.pooling(), model.normalize());
                for (int i = start; i < end; i++) {
                    out[order[i]] = pooled[i - start];
                }
            }
            return out;
        }
    }
}
