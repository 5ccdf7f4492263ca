package dev.tenor.model;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tenor.io.BadInputException;
import dev.tenor.model.bert.BertEncoder;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A sentence-embedding model ready to run: tokenizer, BERT encoder on a device, pooling and
 * normalisation as its folder says. Encoding sorts inputs by length and pads per batch, so short
 * sentences never pay for long ones.
 *
 * <p>Not thread-safe: use one encoder per thread, or guard calls.
 */
public final class SentenceEncoder implements AutoCloseable {

    /** Batch size of {@link #encode(List)}; measured best on 2 CPU cores for length-sorted batches. */
    public static final int DEFAULT_BATCH_SIZE = 128;

    private final ModelFolder folder;
    private final SentenceSettings settings;
    private final NDManager manager;
    private final BertEncoder encoder;
    private final HuggingFaceTokenizer tokenizer;
    private final ParameterStore parameters;
    private final Map<String, FloatTensor> extraWeights;
    /**
     * The tokenizer file as read at open: a resumed training run opens a checkpoint folder that a later
     * checkpoint prunes, and must still be able to write its tokenizer into every new checkpoint.
     */
    private final byte[] tokenizerJson;

    private SentenceEncoder(ModelFolder folder, SentenceSettings settings, NDManager manager, BertEncoder encoder,
                            HuggingFaceTokenizer tokenizer, Map<String, FloatTensor> extraWeights,
                            byte[] tokenizerJson) {
        this.folder = folder;
        this.settings = settings;
        this.manager = manager;
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.extraWeights = extraWeights;
        this.tokenizerJson = tokenizerJson;
        this.parameters = new ParameterStore(manager, false);
    }

    /** Opens {@code folder} on the CPU for inference. */
    public static SentenceEncoder open(ModelFolder folder) {
        return open(folder, Device.cpu(), 0f, folder.settings());
    }

    /**
     * Opens {@code folder} on {@code device}.
     *
     * @param dropout dropout used by training forward passes (0 for inference; BERT trains with 0.1)
     * @param settings the settings to run with (the folder's, or e.g. a shorter max_seq_length for training)
     */
    public static SentenceEncoder open(ModelFolder folder, Device device, float dropout, SentenceSettings settings) {
        DjlSetup.init();
        SafeTensors.Contents weights = SafeTensors.read(folder.weightsFile());
        NDManager manager = NDManager.newBaseManager(device);
        try {
            BertEncoder encoder = new BertEncoder(folder.config(), dropout, dropout);
            List<String> unused = encoder.loadWeights(weights.tensors(), manager, folder.weightsFile());
            Map<String, FloatTensor> extra = new LinkedHashMap<>();
            for (String name : unused) {
                extra.put(name, weights.tensors().get(name));
            }
            int maxLength = Math.min(settings.maxSeqLength(), folder.config().maxPositions());
            byte[] tokenizerJson = Files.readAllBytes(folder.tokenizerFile());
            HuggingFaceTokenizer tokenizer = openTokenizer(folder.tokenizerFile(), maxLength, manager);
            return new SentenceEncoder(folder, settings.withMaxSeqLength(maxLength), manager, encoder, tokenizer,
                    extra, tokenizerJson);
        } catch (IOException e) {
            manager.close();
            throw BadInputException.of(folder.tokenizerFile(), "cannot read the tokenizer (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A fast tokenizer that adds [CLS]/[SEP], truncates at {@code maxLength} and never pads. */
    static HuggingFaceTokenizer openTokenizer(Path file, int maxLength, NDManager manager) {
        try {
            return HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(true)
                    .optTruncation(true)
                    .optMaxLength(maxLength)
                    .optPadding(false)
                    .optManager(manager)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw BadInputException.of(file, "cannot load the tokenizer (" + e.getMessage() + ")", e);
        }
    }

    public ModelFolder folder() {
        return folder;
    }

    public SentenceSettings settings() {
        return settings;
    }

    public BertConfig config() {
        return folder.config();
    }

    /** The DJL block, for training. */
    public BertEncoder block() {
        return encoder;
    }

    public NDManager manager() {
        return manager;
    }

    public int dimension() {
        return folder.config().hiddenSize();
    }

    /** Tokenises with the model's prompt and truncation at its {@code max_seq_length}. */
    public List<TokenizedText> tokenize(List<String> texts) {
        List<String> prompted = new ArrayList<>(texts.size());
        for (String t : texts) {
            prompted.add(settings.prompt() + t);
        }
        Encoding[] encodings = tokenizer.batchEncode(prompted);
        List<TokenizedText> out = new ArrayList<>(encodings.length);
        for (Encoding e : encodings) {
            out.add(new TokenizedText(e.getIds(), e.getTypeIds(), Arrays.asList(e.getTokens())));
        }
        return out;
    }

    public TokenizedText tokenize(String text) {
        return tokenize(List.of(text)).get(0);
    }

    /** Embeds {@code texts} in input order with the default batch size. */
    public float[][] encode(List<String> texts) {
        return encode(texts, DEFAULT_BATCH_SIZE, ProgressListener.NONE, CancellationToken.NONE);
    }

    /**
     * Embeds {@code texts}, returned in input order. Batches hold sentences of similar length; on the CPU
     * they run side by side on {@link InferenceThreads}. Progress counts sentences, in order.
     */
    public float[][] encode(List<String> texts, int batchSize, ProgressListener progress, CancellationToken cancel) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        List<TokenizedText> tokens = tokenize(texts);
        Integer[] order = new Integer[tokens.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Longest first: the memory peak comes at once, and the padding waste stays within a batch.
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> tokens.get(i).length()).reversed());
        List<List<TokenizedText>> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            List<TokenizedText> batch = new ArrayList<>(batchSize);
            for (int i = start; i < Math.min(order.length, start + batchSize); i++) {
                batch.add(tokens.get(order[i]));
            }
            batches.add(batch);
        }
        float[][] out = new float[tokens.size()][];
        int dim = dimension();
        int done = 0;
        boolean oneAtATime = manager.getDevice().isGpu() || InferenceThreads.count() == 1;
        List<Future<float[]>> submitted = oneAtATime ? List.of() : submitAll(batches, cancel);
        try {
            for (int b = 0; b < batches.size(); b++) {
                cancel.throwIfCancelled();
                List<TokenizedText> batch = batches.get(b);
                float[] flat = oneAtATime ? embedBatch(batch) : await(submitted.get(b));
                for (int i = 0; i < batch.size(); i++) {
                    out[order[done + i]] = Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
                }
                done += batch.size();
                progress.progress(done, order.length, "embedding");
            }
        } finally {
            submitted.forEach(f -> f.cancel(false)); // batches not started when the loop ends early
        }
        return out;
    }

    /** Embeddings [batch x hidden, flat] of one batch for inference, on the calling thread. */
    private float[] embedBatch(List<TokenizedText> batch) {
        try (NoGrad ignored = NoGrad.enter(); NDManager sub = manager.newSubManager()) {
            // A store per batch: DJL's parameter store is not meant to be shared between threads.
            return embed(sub, batch, false, new ParameterStore(manager, false)).toFloatArray();
        }
    }

    /** Queues every batch on the inference threads, which run them side by side. */
    private List<Future<float[]>> submitAll(List<List<TokenizedText>> batches, CancellationToken cancel) {
        List<Future<float[]>> futures = new ArrayList<>(batches.size());
        for (List<TokenizedText> batch : batches) {
            futures.add(InferenceThreads.pool().submit(() -> {
                cancel.throwIfCancelled();
                return embedBatch(batch);
            }));
        }
        return futures;
    }

    /** The result of a submitted batch, with the worker's exception rethrown as it was. */
    private static float[] await(Future<float[]> batch) {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Padded [batch, tokens] id, mask and type arrays for {@code batch}, in {@code mgr}. */
    public NDList batchInputs(NDManager mgr, List<TokenizedText> batch) {
        int width = 0;
        for (TokenizedText t : batch) {
            width = Math.max(width, t.length());
        }
        long[] ids = new long[batch.size() * width];
        long[] mask = new long[ids.length];
        long[] types = new long[ids.length];
        for (int b = 0; b < batch.size(); b++) {
            TokenizedText t = batch.get(b);
            System.arraycopy(t.ids(), 0, ids, b * width, t.length());
            System.arraycopy(t.typeIds(), 0, types, b * width, t.length());
            Arrays.fill(mask, b * width, b * width + t.length(), 1L);
        }
        Shape shape = new Shape(batch.size(), width);
        return new NDList(mgr.create(ids, shape), mgr.create(mask, shape), mgr.create(types, shape));
    }

    /**
     * Sentence embeddings [batch, hidden] for {@code batch}: encoder, pooling and (if the model
     * normalises) L2 normalisation. With {@code training}, dropout is on and autograd may record.
     */
    public NDArray embed(NDManager mgr, List<TokenizedText> batch, boolean training) {
        return embed(mgr, batch, training, parameters);
    }

    /** As {@link #embed(NDManager, List, boolean)}, with the trainer's parameter store. */
    public NDArray embed(NDManager mgr, List<TokenizedText> batch, boolean training, ParameterStore ps) {
        NDList in = batchInputs(mgr, batch);
        NDArray hidden = encoder.forward(ps, in.get(0), in.get(1), in.get(2), training, false).get(0);
        NDArray pooled = Pooler.pool(hidden, in.get(1), settings.pooling());
        return settings.normalize() ? Pooler.normalize(pooled) : pooled;
    }

    /** The attention probabilities of every layer and head for one sentence. */
    public TokenAttention attention(String text) {
        TokenizedText t = tokenize(text);
        try (NoGrad ignored = NoGrad.enter(); NDManager sub = manager.newSubManager()) {
            NDList in = batchInputs(sub, List.of(t));
            NDList out = encoder.forward(parameters, in.get(0), in.get(1), in.get(2), false, true);
            int layers = out.size() - 1;
            int heads = config().numHeads();
            int n = t.length();
            float[][][][] maps = new float[layers][heads][n][n];
            for (int l = 0; l < layers; l++) {
                float[] flat = out.get(l + 1).toType(DataType.FLOAT32, false).toFloatArray();
                for (int h = 0; h < heads; h++) {
                    for (int r = 0; r < n; r++) {
                        System.arraycopy(flat, (h * n + r) * n, maps[l][h][r], 0, n);
                    }
                }
            }
            return new TokenAttention(t.tokens(), maps);
        }
    }

    /** The encoder's current weights plus the unused ones of its source file (such as the pooler). */
    public Map<String, FloatTensor> weights() {
        Map<String, FloatTensor> all = new LinkedHashMap<>(encoder.exportWeights());
        extraWeights.forEach(all::putIfAbsent);
        return all;
    }

    /** Writes the current weights as a complete model folder at {@code dir}, atomically. */
    public ModelFolder save(Path dir, Map<String, Object> provenance) throws IOException {
        return ModelFolder.write(dir, contents(provenance));
    }

    /** What a model folder of the current weights holds; settings are the source folder's. */
    public ModelFolder.Contents contents(Map<String, Object> provenance) {
        return new ModelFolder.Contents(config(), folder.settings(), weights(), tokenizerJson, folder.rawConfig(),
                provenance);
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
