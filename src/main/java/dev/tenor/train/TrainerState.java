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
 * @param bestValTop1 best intent-validation top-1 so far (-1: none)
 * @param bestStep the step of that checkpoint
 */
public record TrainerState(int step, int epoch, int stepInEpoch, int totalSteps, double bestValTop1, int bestStep) {
}
