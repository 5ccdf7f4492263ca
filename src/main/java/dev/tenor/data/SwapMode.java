package dev.tenor.data;

import java.util.Locale;

/** How entities are put into the other sentence. */
public enum SwapMode {
    /** Replace the entity's token span, right to left so positions stay valid. Tenor's default. */
    SPAN,
    /**
     * The seed scripts' way: Python {@code str.replace} on the joined sentence, head first, then
     * tail. It also replaces other occurrences and substrings of the entity text ("us" inside "use");
     * kept so results can be compared.
     */
    STRING;

    /** Lower case, as the command line and stats.json write it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
