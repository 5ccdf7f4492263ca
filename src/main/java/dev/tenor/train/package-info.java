/**
 * Triplet fine-tuning: the options of a run ({@link dev.tenor.train.TrainConfig}, the one definition the
 * command line and the workbench are built from), the trainer with its loss, optimiser, schedule and
 * data-parallel shards, checkpoints and resume, the run folder's files ({@link dev.tenor.train.RunFiles}),
 * metrics and stop requests. Core code: no JavaFX, no picocli, no {@code ui}, {@code cli} or {@code launch};
 * launching a run as a child process is {@code dev.tenor.launch}'s job.
 */
package dev.tenor.train;
