/**
 * The Evaluate tab: models and an intent dataset, exact and/or Annoy search, seeded samples; the core's evaluation report shown as a table, a chart, per-label accuracy and confused pairs, and exported as the same files {@code tenor evaluate --out} writes. Views only bind and draw; the work runs on {@link dev.tenor.ui.Background}'s threads.
 */
package dev.tenor.ui.evaluate;
