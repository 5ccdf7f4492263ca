/**
 * The Models tab: built-in, imported, downloaded and trained models with their architecture; import, Hub download. Views only bind and draw; the work runs on {@link dev.tenor.ui.Background}'s threads.
 */
package dev.tenor.ui.models;
