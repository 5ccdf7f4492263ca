package dev.tenor.model;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.util.Arrays;
import java.util.List;

/**
 * Sentence embeddings and attention maps of a {@link SentenceModel}, for inference: inputs are sorted by
 * length and padded per batch, so short sentences never pay for long ones, and on the CPU batches run side
 * by side ({@link InferenceThreads}).
 *
 * <p>Safe to close while another thread is using it: {@link #close()} waits for the calls in flight. One
 * encoder may serve several threads.
 */
public final class SentenceEncoder implements AutoCloseable {

    /** Batch size of {@link #encode(List)}; measured best on 2 CPU cores for length-sorted batches. */
    public static final int DEFAULT_BATCH_SIZE = 128;

    private final SentenceModel model;
    private final boolean owns;

    private SentenceEncoder(SentenceModel model, boolean owns) {
        this.model = model;
        this.owns = owns;
    }

    /** Opens {@code folder} on the CPU; closing the encoder frees the model. */
    public static SentenceEncoder open(ModelFolder folder) {
        return new SentenceEncoder(SentenceModel.open(folder), true);
    }

    /** Opens {@code folder} on {@code device} with {@code settings}; closing the encoder frees the model. */
    public static SentenceEncoder open(ModelFolder folder, Device device, SentenceSettings settings) {
        return new SentenceEncoder(SentenceModel.open(folder, device, 0f, settings), true);
    }

    /** Inference on a model someone else owns (a trainer's, for validation); closing the encoder frees nothing. */
    public static SentenceEncoder over(SentenceModel model) {
        return new SentenceEncoder(model, false);
    }

    public SentenceModel model() {
        return model;
    }

    public ModelFolder folder() {
        return model.folder();
    }

    public SentenceSettings settings() {
        return model.settings();
    }

    public BertConfig config() {
        return model.config();
    }

    public int dimension() {
        return model.dimension();
    }

    /** Tokenises with the model's prompt and truncation at its {@code max_seq_length}. */
    public List<TokenizedText> tokenize(List<String> texts) {
        try (NativeWork.Permit ignored = model.use()) {
            return model.tokenizer().tokenize(texts);
        }
    }

    public TokenizedText tokenize(String text) {
        return tokenize(List.of(text)).get(0);
    }

    /** As {@link SentenceTokenizer#tokenizeWords(List)} with the model's prompt and truncation. */
    public List<WordPieces> tokenizeWords(List<List<String>> sentences) {
        try (NativeWork.Permit ignored = model.use()) {
            return model.tokenizer().tokenizeWords(sentences);
        }
    }

    /** Embeds {@code texts} in input order with the default batch size. */
    public float[][] encode(List<String> texts) {
        return encode(texts, DEFAULT_BATCH_SIZE, ProgressListener.NONE, CancellationToken.NONE);
    }

    /**
     * Embeds {@code texts}, returned in input order. Progress counts sentences, in order. Cancelling throws
     * {@link dev.tenor.task.CancelledException} once the batches already running have finished.
     */
    public float[][] encode(List<String> texts, int batchSize, ProgressListener progress, CancellationToken cancel) {
        return encodeTokens(tokenize(texts), batchSize, progress, cancel);
    }

    /** As {@link #encode(List, int, ProgressListener, CancellationToken)}, for inputs tokenised already. */
    public float[][] encodeTokens(List<TokenizedText> tokens, int batchSize, ProgressListener progress,
                                  CancellationToken cancel) {
        BatchPlan plan = BatchPlan.of(tokens, batchSize);
        float[][] out = new float[tokens.size()][];
        int dim = dimension();
        int[] done = {0};
        java.util.function.Consumer<float[]> place = flat -> {
            int rows = flat.length / dim;
            for (int i = 0; i < rows; i++) {
                out[plan.order()[done[0] + i]] = Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
            }
            done[0] += rows;
            progress.progress(done[0], tokens.size(), "embedding");
        };
        boolean oneAtATime = model.device().isGpu() || InferenceThreads.count() == 1;
        if (oneAtATime) {
            for (List<TokenizedText> batch : plan.batches()) {
                cancel.throwIfCancelled();
                place.accept(embedBatch(batch));
            }
        } else {
            SideBySide.run(plan.batches(), this::embedBatch, place, cancel);
        }
        return out;
    }

    /** Embeddings [batch x hidden, flat] of one batch for inference, on the calling thread. */
    private float[] embedBatch(List<TokenizedText> batch) {
        try (NativeWork.Permit ignored = model.use(); NoGrad noGrad = NoGrad.enter();
             NDManager sub = model.manager().newSubManager()) {
            // A store per batch: DJL's parameter store is not meant to be shared between threads.
            return model.embed(sub, batch, false, new ParameterStore(model.manager(), false)).toFloatArray();
        }
    }

    /** The attention probabilities of every layer and head for one sentence. */
    public TokenAttention attention(String text) {
        TokenizedText t;
        try (NativeWork.Permit ignored = model.use()) {
            t = model.tokenizer().tokenize(text);
        }
        return attentionBatch(List.of(t)).get(0);
    }

    /**
     * The attention of many inputs, in length-sorted padded batches (side by side on the CPU), handed to
     * {@code consume} with each input's position in {@code tokens}, on the calling thread, so a caller can
     * reduce each map as it comes instead of holding them all. Padding is masked: each map covers only its
     * own tokens and its rows sum to 1.
     */
    public void attention(List<TokenizedText> tokens, int batchSize, AttentionSink consume, ProgressListener progress,
                          CancellationToken cancel) {
        BatchPlan plan = BatchPlan.of(tokens, batchSize);
        int[] done = {0};
        java.util.function.Consumer<List<TokenAttention>> place = maps -> {
            for (TokenAttention map : maps) {
                consume.accept(plan.order()[done[0]++], map);
            }
            progress.progress(done[0], tokens.size(), "attention");
        };
        if (model.device().isGpu() || InferenceThreads.count() == 1) {
            for (List<TokenizedText> batch : plan.batches()) {
                cancel.throwIfCancelled();
                place.accept(attentionBatch(batch));
            }
        } else {
            SideBySide.run(plan.batches(), this::attentionBatch, place, cancel);
        }
    }

    /** Receives one input's attention. */
    @FunctionalInterface
    public interface AttentionSink {
        void accept(int index, TokenAttention attention);
    }

    /** Each input's own attention maps, cut out of its padded batch. */
    private List<TokenAttention> attentionBatch(List<TokenizedText> batch) {
        try (NativeWork.Permit ignored = model.use(); NoGrad noGrad = NoGrad.enter();
             NDManager sub = model.manager().newSubManager()) {
            NDList out = model.forwardWithAttention(sub, batch, new ParameterStore(model.manager(), false));
            int layers = out.size() - 1;
            int heads = config().numHeads();
            int width = 0;
            for (TokenizedText t : batch) {
                width = Math.max(width, t.length());
            }
            float[][] flat = new float[layers][];
            for (int l = 0; l < layers; l++) {
                flat[l] = out.get(l + 1).toType(DataType.FLOAT32, false).toFloatArray();
            }
            List<TokenAttention> maps = new java.util.ArrayList<>(batch.size());
            for (int b = 0; b < batch.size(); b++) {
                TokenizedText t = batch.get(b);
                int n = t.length();
                float[][][][] m = new float[layers][heads][n][n];
                for (int l = 0; l < layers; l++) {
                    for (int h = 0; h < heads; h++) {
                        for (int r = 0; r < n; r++) {
                            System.arraycopy(flat[l], ((b * heads + h) * width + r) * width, m[l][h][r], 0, n);
                        }
                    }
                }
                maps.add(new TokenAttention(t.tokens(), m));
            }
            return maps;
        }
    }

    /** Closes the model (once its calls in flight have returned) if this encoder opened it. */
    @Override
    public void close() {
        if (owns) {
            model.close();
        }
    }
}
