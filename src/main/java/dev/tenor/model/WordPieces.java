package dev.tenor.model;

/**
 * A sentence given as words, after tokenisation: its word pieces and, for each piece, the word it came
 * from ({@code -1} for [CLS], [SEP] and the prompt's pieces). Lets word-level annotations (FewRel's entity
 * positions) be carried onto the pieces a model attends over.
 */
public record WordPieces(TokenizedText text, int[] wordOfToken) {

    public WordPieces {
        if (wordOfToken.length != text.length()) {
            throw new IllegalArgumentException(wordOfToken.length + " word indices for " + text.length() + " tokens");
        }
    }

    /** The positions of the pieces of words {@code [start, end)}, in order (none when truncation cut them). */
    public int[] tokensOfWords(int start, int end) {
        int n = 0;
        int[] out = new int[wordOfToken.length];
        for (int i = 0; i < wordOfToken.length; i++) {
            if (wordOfToken[i] >= start && wordOfToken[i] < end) {
                out[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
