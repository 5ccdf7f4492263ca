package dev.tenor.eval;

import dev.tenor.model.SentenceSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * One row of the comparison: a model searched with one kind of index.
 *
 * @param model the name the model was asked for by (built-in name, store name or folder name)
 * @param modelFolder where its files are
 * @param modelHash the content hash of its folder (the embedding cache's key)
 * @param modelSettings pooling, normalisation, max_seq_length and prompt it ran with
 * @param annoySettings Annoy's settings; null for exact search
 * @param queries test sentences evaluated
 * @param annoyRecall how much of the exact top-k Annoy found, k = 1..maxK; null for exact search
 * @param trainCache how the training embeddings were obtained
 * @param testCache how the test embeddings were obtained
 * @param perLabel accuracy per query label, worst top-1 first
 * @param confusions the most frequent (true label, label of the nearest training sentence) pairs among
 *     queries wrong at top-1, with examples
 */
public record EvaluationResult(String model, Path modelFolder, String modelHash, IndexKind index, int hiddenSize,
        long parameters, SentenceSettings modelSettings, AnnoySearch.Settings annoySettings, int queries,
        TopKAccuracy topK, RecallAtK annoyRecall, Timings timings, EmbeddingCache.Outcome trainCache,
        EmbeddingCache.Outcome testCache, List<LabelScore> perLabel, List<LabelConfusion> confusions) {

    public EvaluationResult {
        perLabel = List.copyOf(perLabel);
        confusions = List.copyOf(confusions);
        if ((index == IndexKind.ANNOY) != (annoySettings != null)) {
            throw new IllegalArgumentException("Annoy settings belong to Annoy results only");
        }
    }

    /** Top-k accuracy at {@code k}. */
    public double top(int k) {
        return topK.at(k);
    }
}
