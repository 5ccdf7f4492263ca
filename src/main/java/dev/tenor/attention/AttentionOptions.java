package dev.tenor.attention;

/**
 * How attention is shown.
 *
 * @param rollout show attention rolled out across layers (one map per layer) instead of per head
 * @param hideSpecial leave out [CLS]/[SEP], renormalising the remaining rows
 */
public record AttentionOptions(boolean rollout, boolean hideSpecial) {

    public static final AttentionOptions PLAIN = new AttentionOptions(false, false);
}
