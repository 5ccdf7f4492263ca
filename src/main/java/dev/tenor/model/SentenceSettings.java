package dev.tenor.model;

/**
 * The sentence-transformers settings of a model: how many tokens it reads, how token states are pooled,
 * whether embeddings are L2-normalised, and the prompt prepended to every input (e5's {@code "query: "}).
 */
public record SentenceSettings(int maxSeqLength, Pooling pooling, boolean normalize, String prompt) {

    public SentenceSettings {
        if (maxSeqLength < 2) {
            throw new IllegalArgumentException("max_seq_length must be at least 2, got " + maxSeqLength);
        }
        if (pooling == null) {
            throw new IllegalArgumentException("pooling is required");
        }
        prompt = prompt == null ? "" : prompt;
    }

    public SentenceSettings withMaxSeqLength(int length) {
        return new SentenceSettings(length, pooling, normalize, prompt);
    }

    public SentenceSettings withNormalize(boolean on) {
        return new SentenceSettings(maxSeqLength, pooling, on, prompt);
    }
}
