/**
 * The Train tab: a form built from {@link dev.tenor.train.TrainConfig}'s options, a run started as a child process through {@code dev.tenor.launch}, followed live (loss, learning rate, validation, log), stopped, resumed; the runs table. Views only bind and draw; the work runs on {@link dev.tenor.ui.Background}'s threads.
 */
package dev.tenor.ui.train;
