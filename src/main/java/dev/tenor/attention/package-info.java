/**
 * Attention maths for the workbench's BertViz-style views, without any drawing: attention rollout across
 * layers, hiding special tokens with row renormalisation, difference maps (trained minus base), per-head
 * colours and heat-map rasters. The JavaFX views in {@code dev.tenor.ui.attention} only paint what these
 * classes compute.
 */
package dev.tenor.attention;
