package dev.tenor.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tenor.model.BertConfig;
import dev.tenor.model.Scalars;

/** Multi-head scaled dot-product self-attention; returns the context and the attention probabilities. */
final class SelfAttention extends BertPart {

    /** Rows shorter than this go through {@link #shortRowSoftmax}'s plain operations on the CPU. */
    static final int SHORT_ROW = 16;

    private final Dense query;
    private final Dense key;
    private final Dense value;
    private final int heads;
    private final int headSize;
    private final float scale;
    private final float dropout;

    SelfAttention(BertConfig c, float dropout) {
        this.heads = c.numHeads();
        this.headSize = c.headSize();
        this.scale = (float) (1.0 / Math.sqrt(headSize));
        this.dropout = dropout;
        query = addChildBlock("query", new Dense(c.hiddenSize(), c.hiddenSize()));
        key = addChildBlock("key", new Dense(c.hiddenSize(), c.hiddenSize()));
        value = addChildBlock("value", new Dense(c.hiddenSize(), c.hiddenSize()));
    }

    /** [batch, tokens, hidden] -> [batch, heads, tokens, headSize] */
    private NDArray split(NDArray x) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        return x.reshape(b, t, heads, headSize).transpose(0, 2, 1, 3);
    }

    /**
     * @param x [batch, tokens, hidden]
     * @param maskBias [batch, 1, 1, tokens]: 0 for real tokens, a large negative number for padding
     * @return context [batch, tokens, hidden] and probabilities [batch, heads, tokens, tokens]
     */
    NDList apply(ParameterStore ps, NDArray x, NDArray maskBias, boolean training) {
        NDArray q = split(query.apply(ps, x, training).muli(Scalars.of(x, scale)));
        NDArray k = split(key.apply(ps, x, training));
        NDArray v = split(value.apply(ps, x, training));
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).addi(maskBias);
        NDArray probs = training ? scores.softmax(-1) : shortRowSoftmax(scores);
        NDArray used = training && dropout > 0 ? Dropout.dropout(probs, dropout, true).singletonOrThrow() : probs;
        NDArray context = used.matMul(v).transpose(0, 2, 1, 3);
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        return new NDList(context.reshape(b, t, (long) heads * headSize), probs);
    }

    /**
     * Softmax over the last axis for inference; may overwrite {@code scores}. PyTorch's CPU kernel is
     * slow on rows shorter than 16 (one thread: 5.6 ms for [128, 12, 15, 15] scores, 0.4 ms for 16
     * columns), and most intent sentences are that short; the same formula in plain operations, with each
     * row's maximum subtracted, takes 2.4 ms there. It stays differentiable (gradient checks run
     * inference forwards with autograd on); training keeps PyTorch's op, whose backward stores less.
     */
    static NDArray shortRowSoftmax(NDArray scores) {
        if (scores.getShape().getLastDimension() >= SHORT_ROW || scores.getDevice().isGpu()) {
            return scores.softmax(-1);
        }
        // exp's output is kept for its backward, so the division must not overwrite it.
        NDArray e = scores.subi(scores.max(new int[] {-1}, true)).exp();
        return e.div(e.sum(new int[] {-1}, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return apply(ps, inputs.get(0), inputs.get(1), training);
    }
}
