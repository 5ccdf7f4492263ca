package dev.tenor.model;

import java.util.List;

/**
 * A sentence's tokens and its attention probabilities {@code [layer][head][query token][key token]};
 * every row sums to 1.
 */
public record TokenAttention(List<String> tokens, float[][][][] probabilities) {

    public int layers() {
        return probabilities.length;
    }

    public int heads() {
        return probabilities.length == 0 ? 0 : probabilities[0].length;
    }
}
