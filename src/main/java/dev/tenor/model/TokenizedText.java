package dev.tenor.model;

import java.util.List;

/**
 * One input after tokenisation and truncation: word-piece ids, token-type ids, the tokens themselves, and
 * whether the input was longer than the model reads (and so was cut).
 */
public record TokenizedText(long[] ids, long[] typeIds, List<String> tokens, boolean truncated) {

    public TokenizedText(long[] ids, long[] typeIds, List<String> tokens) {
        this(ids, typeIds, tokens, false);
    }

    public int length() {
        return ids.length;
    }
}
