package dev.tenor.model;

import java.util.List;

/**
 * One input after tokenisation and truncation: word-piece ids, token-type ids and the tokens themselves.
 */
public record TokenizedText(long[] ids, long[] typeIds, List<String> tokens) {

    public int length() {
        return ids.length;
    }
}
