package dev.tenor.train;

import ai.djl.ndarray.NDArray;
import dev.tenor.model.Scalars;

/**
 * sentence-transformers' TripletLoss: {@code mean(relu(d(a, p) - d(a, n) + margin))}.
 */
public record TripletLoss(Distance distance, float margin) implements TrainingLoss {

    public TripletLoss {
        if (!(margin >= 0) || Float.isInfinite(margin)) {
            throw new IllegalArgumentException("margin must be a finite number >= 0, got " + margin);
        }
    }

    /** The scalar loss for anchors, positives and negatives [batch, dim]. */
    @Override
    public NDArray compute(NDArray anchor, NDArray positive, NDArray negative) {
        NDArray pos = distance.between(anchor, positive);
        NDArray neg = distance.between(anchor, negative);
        return Scalars.maximum(pos.sub(neg).add(margin), 0f).mean();
    }
}
