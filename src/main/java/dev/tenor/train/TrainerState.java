package dev.tenor.train;

/**
 * Where a run is: saved with each checkpoint ({@code trainer_state.json}) so {@code --resume} continues
 * exactly there. The data order of an epoch is a function of the seed and the epoch, so the position in
 * the epoch is enough to rebuild it.
 *
 * @param step optimiser steps done
 * @param epoch the current epoch (0-based)
 * @param stepInEpoch steps done in the current epoch
 * @param totalSteps the schedule's length
 * @param bestValTop1 the mean validation top-1 of the best step so far (-1: none)
 * @param bestStep the best step so far (-1: none; 0: the base model)
 * @param bestMinGain the best step's smallest top-1 gain over the base across the validation sets: what
 *     {@code --select best} maximises, ties broken by the mean
 */
public record TrainerState(int step, int epoch, int stepInEpoch, int totalSteps, double bestValTop1, int bestStep,
                           double bestMinGain) {

    /** A fresh run's state. */
    public static TrainerState start(int totalSteps) {
        return new TrainerState(0, 0, 0, totalSteps, -1, -1, 0);
    }

    /** After one more step. */
    public TrainerState next(int epoch, int stepInEpoch) {
        return new TrainerState(step + 1, epoch, stepInEpoch, totalSteps, bestValTop1, bestStep, bestMinGain);
    }

    /** With {@code at} as the best step. */
    public TrainerState best(int at, double meanTop1, double minGain) {
        return new TrainerState(step, epoch, stepInEpoch, totalSteps, meanTop1, at, minGain);
    }

    /** Whether a measurement beats the best so far: a larger smallest gain, or an equal one and a larger mean. */
    public boolean beatenBy(double meanTop1, double minGain) {
        if (bestStep < 0) {
            return true;
        }
        return minGain > bestMinGain + 1e-12 || Math.abs(minGain - bestMinGain) <= 1e-12 && meanTop1 > bestValTop1;
    }
}
