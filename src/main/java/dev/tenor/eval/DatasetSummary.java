package dev.tenor.eval;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data an evaluation ran on.
 *
 * @param name e.g. {@code mtop_intent/en}
 * @param sha256 the dataset's content hash ({@link dev.tenor.data.IntentDataset#sha256()})
 * @param trainSentences sentences indexed
 * @param testSentences sentences in the test split
 * @param queries test sentences evaluated (fewer with a query limit)
 * @param trainLabels distinct labels in train
 * @param queryLabels distinct labels among the queries
 * @param unknownLabels labels of queries that no training sentence has, with their query counts
 * @param blankLines blank lines skipped in the train and test files
 */
public record DatasetSummary(String name, Path folder, String sha256, int trainSentences, int testSentences,
        int queries, int trainLabels, int queryLabels, Map<String, Integer> unknownLabels, int blankLines) {

    public DatasetSummary {
        unknownLabels = Collections.unmodifiableMap(new TreeMap<>(unknownLabels));
    }

    /** Queries whose label is unknown to train: they can never be right. */
    public int unknownQueries() {
        return unknownLabels.values().stream().mapToInt(Integer::intValue).sum();
    }
}
