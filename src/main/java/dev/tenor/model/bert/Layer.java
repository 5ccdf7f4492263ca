package dev.tenor.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tenor.model.BertConfig;
import dev.tenor.model.HiddenActivation;
import dev.tenor.model.Scalars;

/**
 * One transformer layer, post-norm as in BERT: attention, projection, residual + norm; then the
 * feed-forward (the config's GELU: exact or tanh-approximated), projection, residual + norm. Child names follow Hugging Face's module paths.
 */
final class Layer extends BertPart {

    private final SelfAttention attention;
    private final Dense attentionOut;
    private final Norm attentionNorm;
    private final Dense intermediate;
    private final Dense output;
    private final Norm outputNorm;
    private final float dropout;
    private final HiddenActivation activation;

    Layer(BertConfig c, float hiddenDropout, float attentionDropout) {
        this.activation = c.activation();
        this.dropout = hiddenDropout;
        attention = addChildBlock("attention.self", new SelfAttention(c, attentionDropout));
        attentionOut = addChildBlock("attention.output.dense", new Dense(c.hiddenSize(), c.hiddenSize()));
        attentionNorm = addChildBlock("attention.output.LayerNorm", new Norm(c.hiddenSize(), c.layerNormEps()));
        intermediate = addChildBlock("intermediate.dense", new Dense(c.hiddenSize(), c.intermediateSize()));
        output = addChildBlock("output.dense", new Dense(c.intermediateSize(), c.hiddenSize()));
        outputNorm = addChildBlock("output.LayerNorm", new Norm(c.hiddenSize(), c.layerNormEps()));
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
    }

    /** @return the layer's output states and its attention probabilities */
    NDList apply(ParameterStore ps, NDArray x, NDArray maskBias, boolean training) {
        NDList att = attention.apply(ps, x, maskBias, training);
        NDArray h = attentionNorm.apply(ps, drop(attentionOut.apply(ps, att.get(0), training), training).add(x),
                training);
        NDArray ff = activate(intermediate.apply(ps, h, training));
        NDArray out = outputNorm.apply(ps, drop(output.apply(ps, ff, training), training).add(h), training);
        return new NDList(out, att.get(1));
    }

    private NDArray activate(NDArray x) {
        return activation == HiddenActivation.GELU ? Activation.gelu(x) : geluTanh(x);
    }

    /** GELU's tanh approximation, Hugging Face's {@code gelu_new}: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    static NDArray geluTanh(NDArray x) {
        NDArray inner = Scalars.mul(Scalars.mul(x.mul(x).mul(x), 0.044715f).add(x), (float) Math.sqrt(2 / Math.PI));
        return Scalars.mul(x.mul(inner.tanh().add(1f)), 0.5f);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return apply(ps, inputs.get(0), inputs.get(1), training);
    }
}
