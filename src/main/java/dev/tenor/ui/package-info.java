/**
 * The JavaFX workbench: one window with a tab per job (Dataset, Train, Evaluate, Attention, Models), a
 * status bar, a log panel and themes. Every action calls the same core code as the command line; heavy work
 * runs on {@link dev.tenor.ui.Background}'s threads, never on the FX application thread; a tab's
 * one job at a time is a {@link dev.tenor.ui.BackgroundJob} (running, task, error, cancel). Sub-packages hold
 * one tab each: a view that builds and binds nodes, and a view-model with its services passed in.
 */
package dev.tenor.ui;
