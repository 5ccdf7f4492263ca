/**
 * The Dataset tab: FewRel triplets built with progress and cancel, a searchable table with the swapped entities highlighted, counts per relation. Views only bind and draw; the work runs on {@link dev.tenor.ui.Background}'s threads.
 */
package dev.tenor.ui.dataset;
