package dev.tenor.data;

import java.util.List;
import java.util.Set;

/** Turns FewRel tokens into sentence text. */
public final class Sentences {

    /** Tokens written without a space before them. */
    private static final Set<String> NO_SPACE_BEFORE = Set.of(",", ".", ";", ":", "!", "?", "%", ")", "]", "}",
            "...", "'s", "'S", "n't", "N'T", "'re", "'ve", "'ll", "'d", "'m", "''", "-", "/");
    /** Tokens written without a space after them. */
    private static final Set<String> NO_SPACE_AFTER = Set.of("(", "[", "{", "$", "``", "#", "-", "/");

    private Sentences() {
    }

    /** Tokens joined by single spaces, as the seed scripts wrote sentences. */
    public static String join(List<String> tokens) {
        return String.join(" ", tokens);
    }

    /**
     * Natural English text from tokens: no space before punctuation and clitics ("'s", "n't"), none
     * after opening brackets, none around hyphens and slashes, straight double quotes paired; whitespace
     * tokens (FewRel has some) dropped.
     */
    public static String detokenize(List<String> tokens) {
        StringBuilder out = new StringBuilder();
        boolean glueNext = true; // no space before the first token
        boolean quoteOpen = false;
        for (String token : tokens) {
            if (token.isBlank()) {
                continue;
            }
            boolean glue = glueNext || NO_SPACE_BEFORE.contains(token);
            boolean after = NO_SPACE_AFTER.contains(token);
            if (token.equals("\"")) {
                glue = glueNext || quoteOpen; // a closing quote sticks to the word before it
                after = !quoteOpen;           // an opening quote sticks to the word after it
                quoteOpen = !quoteOpen;
            }
            if (!glue) {
                out.append(' ');
            }
            out.append(token);
            glueNext = after;
        }
        return out.toString();
    }
}
