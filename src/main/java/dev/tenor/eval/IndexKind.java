package dev.tenor.eval;

import java.util.Locale;

/** How the training sentences are searched: exactly (the ground truth) or through Annoy. */
public enum IndexKind {
    EXACT,
    ANNOY;

    /** The name reports use: {@code exact} or {@code annoy}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
