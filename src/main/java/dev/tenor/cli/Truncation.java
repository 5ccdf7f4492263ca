package dev.tenor.cli;

import dev.tenor.model.TokenizedText;
import java.util.List;

/** Tells the user which inputs were longer than the model reads, instead of cutting them silently. */
final class Truncation {

    /** Lines named one by one before the rest are only counted. */
    static final int NAMED = 10;

    private Truncation() {
    }

    /** Warns on standard error for each truncated input (by line number); returns how many there were. */
    static int warn(String command, String source, List<TokenizedText> tokens, int maxLength) {
        int count = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).truncated()) {
                continue;
            }
            count++;
            if (count <= NAMED) {
                System.err.println("tenor " + command + ": warning: " + source + ": line " + (i + 1) + " is longer than "
                        + "the model reads; only its first " + maxLength + " tokens are used");
            }
        }
        if (count > NAMED) {
            System.err.println("tenor " + command + ": warning: " + (count - NAMED) + " more lines were truncated");
        }
        return count;
    }

    /** "; 3 lines were truncated at 256 tokens", or nothing. */
    static String summary(int truncated, int maxLength) {
        return truncated == 0 ? "" : "; " + truncated + (truncated == 1 ? " line was" : " lines were")
                + " truncated at " + maxLength + " tokens";
    }
}
