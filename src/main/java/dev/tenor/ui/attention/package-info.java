/**
 * The Attention tab: BertViz-style head, model and difference views drawn on canvases from the core's attention maps, for two models side by side; encoders are opened and closed on the tab's own thread. Views only bind and draw; the work runs on {@link dev.tenor.ui.Background}'s threads.
 */
package dev.tenor.ui.attention;
