package dev.tenor.model;

import ai.djl.ndarray.NDArray;

/** Sentence pooling and normalisation on token states, as sentence-transformers computes them. */
public final class Pooler {

    private Pooler() {
    }

    /**
     * @param hidden [batch, tokens, hidden]
     * @param mask [batch, tokens], 1 for real tokens
     * @return [batch, hidden]
     */
    public static NDArray pool(NDArray hidden, NDArray mask, Pooling pooling) {
        if (pooling == Pooling.CLS) {
            return hidden.get(":, 0, :");
        }
        NDArray m = mask.toType(hidden.getDataType(), false).expandDims(2);
        NDArray sum = hidden.mul(m).sum(new int[] {1});
        NDArray count = m.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE);
        return sum.div(count);
    }

    /** Rows scaled to unit L2 norm (torch's F.normalize, eps 1e-12). */
    public static NDArray normalize(NDArray x) {
        NDArray norm = x.norm(new int[] {1}, true).clip(1e-12f, Float.MAX_VALUE);
        return x.div(norm);
    }
}
