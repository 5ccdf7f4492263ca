package dev.tenor.eval;

import dev.tenor.model.SentenceEncoder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of an intent retrieval evaluation.
 *
 * @param indexes the searches to report, in order (exact first when both)
 * @param annoy Annoy's trees, neighbours and search_k, used when {@code indexes} holds ANNOY
 * @param maxK top-k accuracy is reported for k = 1..maxK (Annoy recall@k too)
 * @param queryLimit evaluate only the first N test sentences; 0 for all
 * @param batchSize sentences per encoder batch
 * @param confusionPairs how many of the most confused label pairs to report
 * @param confusionExamples example sentences per confused pair
 * @param useCache read and write the embedding cache
 * @param sample seeded random samples of the splits ({@link Sample#ALL}: none)
 */
public record EvaluationOptions(List<IndexKind> indexes, AnnoySearch.Settings annoy, int maxK, int queryLimit,
        int batchSize, int confusionPairs, int confusionExamples, boolean useCache, Sample sample) {

    /** Exact search, top-1..3, the seed scripts' Annoy settings ready, cache on. */
    public static final EvaluationOptions DEFAULT = new EvaluationOptions(List.of(IndexKind.EXACT),
            AnnoySearch.Settings.REFERENCE, 3, 0, SentenceEncoder.DEFAULT_BATCH_SIZE, 10, 3, true, Sample.ALL);

    public EvaluationOptions {
        if (indexes == null || indexes.isEmpty()) {
            throw new IllegalArgumentException("choose at least one index (exact or annoy)");
        }
        Set<IndexKind> set = EnumSet.copyOf(indexes);
        indexes = List.copyOf(new ArrayList<>(set)); // enum order: exact before annoy, no duplicates
        if (annoy == null) {
            throw new IllegalArgumentException("Annoy settings are required (use AnnoySearch.Settings.REFERENCE)");
        }
        if (maxK < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + maxK);
        }
        if (indexes.contains(IndexKind.ANNOY) && annoy.neighbours() < maxK) {
            throw new IllegalArgumentException("k = " + maxK + " needs at least " + maxK
                    + " Annoy neighbours per query, got " + annoy.neighbours());
        }
        if (queryLimit < 0) {
            throw new IllegalArgumentException("the query limit must be 0 (all) or positive, got " + queryLimit);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (sample == null) {
            throw new IllegalArgumentException("the sample is required (Sample.ALL for none)");
        }
        if (confusionPairs < 0 || confusionExamples < 0) {
            throw new IllegalArgumentException("confusion counts must not be negative");
        }
    }

    public EvaluationOptions withIndexes(IndexKind... kinds) {
        return new EvaluationOptions(List.of(kinds), annoy, maxK, queryLimit, batchSize, confusionPairs,
                confusionExamples, useCache, sample);
    }

    public EvaluationOptions withAnnoy(AnnoySearch.Settings settings) {
        return new EvaluationOptions(indexes, settings, maxK, queryLimit, batchSize, confusionPairs,
                confusionExamples, useCache, sample);
    }

    public EvaluationOptions withMaxK(int k) {
        return new EvaluationOptions(indexes, annoy, k, queryLimit, batchSize, confusionPairs, confusionExamples,
                useCache, sample);
    }

    public EvaluationOptions withQueryLimit(int limit) {
        return new EvaluationOptions(indexes, annoy, maxK, limit, batchSize, confusionPairs, confusionExamples,
                useCache, sample);
    }

    public EvaluationOptions withBatchSize(int size) {
        return new EvaluationOptions(indexes, annoy, maxK, queryLimit, size, confusionPairs, confusionExamples,
                useCache, sample);
    }

    public EvaluationOptions withCache(boolean on) {
        return new EvaluationOptions(indexes, annoy, maxK, queryLimit, batchSize, confusionPairs,
                confusionExamples, on, sample);
    }

    public EvaluationOptions withSample(Sample s) {
        return new EvaluationOptions(indexes, annoy, maxK, queryLimit, batchSize, confusionPairs, confusionExamples,
                useCache, s);
    }

    public boolean wantsAnnoy() {
        return indexes.contains(IndexKind.ANNOY);
    }
}
