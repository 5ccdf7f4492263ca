package dev.tenor.train;

import java.nio.file.Path;

/**
 * Everything a training run needs; written to {@code args.json} in the run folder so a run can be
 * repeated or resumed exactly.
 *
 * @param base base model: built-in name, store name or folder
 * @param triplets training triplets (JSON Lines)
 * @param dev optional held-out triplets for the triplet dev accuracy (null: none)
 * @param out the run folder
 * @param epochs passes over the triplets
 * @param maxSteps stop after this many optimiser steps (0: no limit); also the schedule's length when smaller
 * @param batchSize triplets per optimiser step
 * @param maxSeqLength truncation length while training
 * @param lr peak learning rate
 * @param warmup share of the steps spent warming up
 * @param weightDecay AdamW's decoupled weight decay (not applied to biases and LayerNorm)
 * @param maxGradNorm gradient-norm clipping threshold (0: off)
 * @param margin triplet margin
 * @param distance triplet distance
 * @param seed the one seed every random choice derives from
 * @param checkpointEvery save a checkpoint every N steps (0: only at epoch ends)
 * @param keep checkpoints to keep (the best one is always kept too)
 * @param device cpu, gpu:N, or gpus
 * @param select which checkpoint becomes {@code model/}
 * @param validateEvery intent validation every N steps (0: only at epoch ends; -1: never)
 * @param dropout dropout while training (BERT's 0.1)
 */
public record TrainConfig(String base, Path triplets, Path dev, Path out, int epochs, int maxSteps, int batchSize,
                          int maxSeqLength, double lr, double warmup, double weightDecay, double maxGradNorm,
                          float margin, Distance distance, long seed, int checkpointEvery, int keep, String device,
                          Selection select, int validateEvery, float dropout) {

    /** Which checkpoint the run's final model is. */
    public enum Selection { BEST, LAST }

    public TrainConfig {
        require(epochs >= 1, "epochs must be at least 1");
        require(maxSteps >= 0, "max-steps must be >= 0");
        require(batchSize >= 1, "batch size must be at least 1");
        require(maxSeqLength >= 8 && maxSeqLength <= 512, "max-seq-length must be between 8 and 512");
        require(lr > 0 && lr < 1, "learning rate must be in (0, 1)");
        require(warmup >= 0 && warmup <= 1, "warmup must be a share between 0 and 1");
        require(weightDecay >= 0, "weight decay must be >= 0");
        require(maxGradNorm >= 0, "max grad norm must be >= 0");
        require(margin >= 0, "margin must be >= 0");
        require(checkpointEvery >= 0, "checkpoint-every must be >= 0");
        require(keep >= 1, "keep must be at least 1");
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        require(validateEvery >= -1, "validate-every must be >= -1");
        if (distance == null || select == null || base == null || triplets == null || out == null) {
            throw new IllegalArgumentException("base, triplets, out, distance and select are required");
        }
        device = device == null ? "cpu" : device;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The seed scripts' recipe (all-MiniLM-L12-v2 in the paper; Tenor's default model offline), CPU-friendly length. */
    public static TrainConfig defaults(String base, Path triplets, Path dev, Path out) {
        return new TrainConfig(base, triplets, dev, out, 4, 0, 32, 128, 2e-5, 0.1, 0.01, 1.0, 0.5f,
                Distance.EUCLIDEAN, 42, 500, 3, "cpu", Selection.BEST, 0, 0.1f);
    }
}
