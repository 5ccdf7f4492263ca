package dev.tenor.attention;

import java.util.List;
import java.util.Set;

/** The tokens a tokenizer adds around a sentence ([CLS], [SEP] and their RoBERTa-style cousins). */
public final class SpecialTokens {

    private static final Set<String> SPECIAL = Set.of("[CLS]", "[SEP]", "[PAD]", "<s>", "</s>", "<pad>");

    private SpecialTokens() {
    }

    public static boolean isSpecial(String token) {
        return SPECIAL.contains(token);
    }

    /**
     * Positions of the tokens to show: all of them, or with {@code hideSpecial} all but the special ones
     * (all of them again when nothing else would be left, so a view never goes empty).
     */
    public static int[] visible(List<String> tokens, boolean hideSpecial) {
        int[] keep = new int[tokens.size()];
        int n = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (!hideSpecial || !isSpecial(tokens.get(i))) {
                keep[n++] = i;
            }
        }
        if (n == 0) {
            return visible(tokens, false);
        }
        return java.util.Arrays.copyOf(keep, n);
    }
}
