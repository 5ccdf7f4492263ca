package dev.tenor.train;

import ai.djl.ndarray.NDArray;

/** A loss over a batch of anchor, positive and negative embeddings [batch, dim]: a scalar to minimise. */
public interface TrainingLoss {

    NDArray compute(NDArray anchor, NDArray positive, NDArray negative);

    /**
     * Whether the batch loss is the mean of a loss per triplet, so that shards of the batch can compute and
     * differentiate theirs apart (weighted by their share). An in-batch loss, whose every triplet is compared
     * with the others, is not.
     */
    default boolean separable() {
        return true;
    }

    /** The loss a run's options choose. */
    static TrainingLoss of(TrainConfig c) {
        return switch (c.loss()) {
            case TRIPLET -> new TripletLoss(c.distance(), c.margin());
            case COSINE_TRIPLET -> new TripletLoss(Distance.COSINE, c.margin());
            case MNRL -> new RankingLoss(c.scale());
        };
    }

    /** {@code --loss}'s choices, named as sentence-transformers names them. */
    enum Kind {
        /** TripletLoss with {@code --distance} (the seed's recipe: Euclidean). */
        TRIPLET,
        /** TripletLoss on cosine distance, whatever {@code --distance} says. */
        COSINE_TRIPLET,
        /** MultipleNegativesRankingLoss with each triplet's negative as a hard negative. */
        MNRL
    }
}
