package dev.tenor.model;

/** How token states become one sentence embedding (sentence-transformers' pooling modes). */
public enum Pooling {
    /** Average of the token states, padding masked out. */
    MEAN,
    /** The state of the first token ([CLS]). */
    CLS;

    /** The key in {@code 1_Pooling/config.json} that switches this mode on. */
    public String configKey() {
        return this == MEAN ? "pooling_mode_mean_tokens" : "pooling_mode_cls_token";
    }
}
