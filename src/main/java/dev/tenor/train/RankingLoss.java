package dev.tenor.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.tenor.model.Scalars;

/**
 * sentence-transformers' MultipleNegativesRankingLoss for (anchor, positive, negative) triplets: each anchor's
 * cosine similarities to every positive and every negative of the batch, times {@code scale}, and the
 * cross-entropy of picking its own positive. The other triplets' positives and negatives are in-batch
 * negatives, the triplet's own negative a hard one.
 */
public record RankingLoss(float scale) implements TrainingLoss {

    /** {@code torch.nn.functional.normalize}'s eps: a zero row stays zero instead of dividing by zero. */
    private static final float NORM_EPS = 1e-12f;

    public RankingLoss {
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number > 0, got " + scale);
        }
    }

    @Override
    public NDArray compute(NDArray anchor, NDArray positive, NDArray negative) {
        int batch = (int) anchor.getShape().get(0);
        NDArray candidates = unit(positive.concat(negative, 0)); // [2 * batch, dim]
        NDArray scores = Scalars.mul(unit(anchor).matMul(candidates.transpose()), scale); // [batch, 2 * batch]
        NDManager m = anchor.getManager();
        NDArray own = m.eye(batch, 2 * batch, 0, DataType.FLOAT32).toDevice(anchor.getDevice(), false);
        return Scalars.div(scores.logSoftmax(1).mul(own).sum(), -batch);
    }

    /** In-batch negatives: every anchor is scored against the whole batch's positives and negatives. */
    @Override
    public boolean separable() {
        return false;
    }

    private static NDArray unit(NDArray x) {
        return x.div(Scalars.maximum(x.norm(new int[] {1}, true), NORM_EPS));
    }
}
