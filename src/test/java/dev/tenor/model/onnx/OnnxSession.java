package dev.tenor.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tenor.model.SentenceTokenizer;
import dev.tenor.model.TokenizedText;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ONNX Runtime session over a graph Tenor exported, fed with Tenor's tokenizer's ids. */
public final class OnnxSession implements AutoCloseable {

    /** A batch's outputs and the attention mask it was run with. */
    public record Outputs(float[][][] hidden, float[][] embedding, long[][] mask) {
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public OnnxSession(byte[] onnx) throws OrtException {
        session = env.createSession(onnx, new OrtSession.SessionOptions());
    }

    public float[][] embed(SentenceTokenizer tokenizer, List<String> texts) throws OrtException {
        return run(tokenizer, texts).embedding();
    }

    /** Tenor's token ids of {@code texts}, right-padded to the longest (mask 0). */
    public static OnnxReference.TokenBatch batch(SentenceTokenizer tokenizer, List<String> texts) {
        List<TokenizedText> tokens = tokenizer.tokenize(texts);
        int width = tokens.stream().mapToInt(TokenizedText::length).max().orElse(0);
        long[][] ids = new long[texts.size()][width];
        long[][] mask = new long[texts.size()][width];
        long[][] types = new long[texts.size()][width];
        for (int b = 0; b < tokens.size(); b++) {
            TokenizedText t = tokens.get(b);
            System.arraycopy(t.ids(), 0, ids[b], 0, t.length());
            System.arraycopy(t.typeIds(), 0, types[b], 0, t.length());
            Arrays.fill(mask[b], 0, t.length(), 1L);
        }
        return new OnnxReference.TokenBatch(ids, mask, types);
    }

    public Outputs run(SentenceTokenizer tokenizer, List<String> texts) throws OrtException {
        OnnxReference.TokenBatch batch = batch(tokenizer, texts);
        long[][] ids = batch.inputIds();
        long[][] mask = batch.attentionMask();
        long[][] types = batch.tokenTypeIds();
        try (OnnxTensor i = OnnxTensor.createTensor(env, ids); OnnxTensor m = OnnxTensor.createTensor(env, mask);
             OnnxTensor ty = OnnxTensor.createTensor(env, types)) {
            Map<String, OnnxTensor> in = new LinkedHashMap<>();
            in.put("input_ids", i);
            in.put("attention_mask", m);
            in.put("token_type_ids", ty);
            try (OrtSession.Result r = session.run(in)) {
                return new Outputs((float[][][]) r.get("last_hidden_state").orElseThrow().getValue(),
                        (float[][]) r.get("sentence_embedding").orElseThrow().getValue(), mask);
            }
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
