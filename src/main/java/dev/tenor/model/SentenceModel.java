package dev.tenor.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.tenor.model.bert.BertEncoder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model folder loaded onto a device: its tokenizer, its BERT network with the weights in native memory,
 * and its pooling. It computes sentence embeddings for a batch (the step both inference and training
 * build on) and owns the native memory, which {@link #close()} frees only once no call is using it.
 *
 * <p>Inference goes through {@link SentenceEncoder}; trainers use the network's parameters directly;
 * {@link ModelSnapshot} turns the current weights back into a model folder.
 */
public final class SentenceModel implements AutoCloseable {

    private final ModelFolder folder;
    private final SentenceSettings settings;
    private final NDManager manager;
    private final BertEncoder network;
    private final SentenceTokenizer tokenizer;
    private final Map<String, FloatTensor> unusedWeights;
    private final UseGuard guard;

    private SentenceModel(ModelFolder folder, SentenceSettings settings, NDManager manager, BertEncoder network,
                          SentenceTokenizer tokenizer, Map<String, FloatTensor> unusedWeights) {
        this.folder = folder;
        this.settings = settings;
        this.manager = manager;
        this.network = network;
        this.tokenizer = tokenizer;
        this.unusedWeights = unusedWeights;
        this.guard = new UseGuard("the model " + folder.name());
    }

    /** Opens {@code folder} on the CPU for inference. */
    public static SentenceModel open(ModelFolder folder) {
        return open(folder, Device.cpu(), 0f, folder.settings());
    }

    /**
     * Opens {@code folder} on {@code device}.
     *
     * @param dropout dropout of training forward passes (0 for inference; BERT trains with 0.1)
     * @param settings the settings to run with (the folder's, or e.g. a shorter max_seq_length for training)
     */
    public static SentenceModel open(ModelFolder folder, Device device, float dropout, SentenceSettings settings) {
        DjlSetup.init();
        SafeTensors.Contents weights = SafeTensors.read(folder.weightsFile());
        int maxLength = Math.min(settings.maxSeqLength(), folder.config().maxPositions());
        SentenceTokenizer tokenizer = SentenceTokenizer.open(folder.tokenizerFile(), settings.prompt(), maxLength);
        NDManager manager = NDManager.newBaseManager(device);
        try (NativeWork.Permit ignored = NativeWork.enter()) {
            BertEncoder network = new BertEncoder(folder.config(), dropout, dropout);
            List<String> unused = network.loadWeights(weights.tensors(), manager, folder.weightsFile());
            Map<String, FloatTensor> extra = new LinkedHashMap<>();
            for (String name : unused) {
                extra.put(name, weights.tensors().get(name));
            }
            return new SentenceModel(folder, settings.withMaxSeqLength(maxLength), manager, network, tokenizer,
                    Collections.unmodifiableMap(extra));
        } catch (RuntimeException e) {
            manager.close();
            tokenizer.close();
            throw e;
        }
    }

    public ModelFolder folder() {
        return folder;
    }

    /** The settings it runs with (its max_seq_length may be shorter than the folder's). */
    public SentenceSettings settings() {
        return settings;
    }

    public BertConfig config() {
        return folder.config();
    }

    public int dimension() {
        return folder.config().hiddenSize();
    }

    public Device device() {
        return manager.getDevice();
    }

    public SentenceTokenizer tokenizer() {
        return tokenizer;
    }

    /** The manager that owns the weights: trainers make their per-step managers under it. */
    public NDManager manager() {
        return manager;
    }

    /** The network's parameters by Hugging Face name, for a trainer. */
    public Map<String, Parameter> parameters() {
        return network.namedParameters();
    }

    /** The network itself (for exporting its weights and for the attention maps). */
    BertEncoder network() {
        return network;
    }

    /** Weights of the source file the network does not use (such as BERT's pooler), kept for saving. */
    Map<String, FloatTensor> unusedWeights() {
        return unusedWeights;
    }

    /** A use of the native memory: {@link #close()} waits for it. */
    public NativeWork.Permit use() {
        return guard.use();
    }

    /**
     * Sentence embeddings [batch, hidden] for {@code batch}: encoder, pooling and (if the model normalises)
     * L2 normalisation. With {@code training}, dropout is on and autograd may record.
     *
     * @param ps where the forward pass reads the weights (a trainer's mirrors on other devices)
     */
    public NDArray embed(NDManager mgr, List<TokenizedText> batch, boolean training, ParameterStore ps) {
        try (NativeWork.Permit ignored = use()) {
            NDList in = SentenceTokenizer.batchInputs(mgr, batch);
            NDArray hidden = network.forward(ps, in.get(0), in.get(1), in.get(2), training, false).get(0);
            NDArray pooled = Pooler.pool(hidden, in.get(1), settings.pooling());
            return settings.normalize() ? Pooler.normalize(pooled) : pooled;
        }
    }

    /** Hidden states and every layer's attention probabilities for {@code batch}, for inference. */
    NDList forwardWithAttention(NDManager mgr, List<TokenizedText> batch, ParameterStore ps) {
        try (NativeWork.Permit ignored = use()) {
            NDList in = SentenceTokenizer.batchInputs(mgr, batch);
            return network.forward(ps, in.get(0), in.get(1), in.get(2), false, true);
        }
    }

    /** Frees the weights and the tokenizer once every call in flight has returned. */
    @Override
    public void close() {
        guard.close(() -> {
            tokenizer.close();
            manager.close();
        });
    }
}
