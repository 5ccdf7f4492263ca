package dev.tenor.ui.evaluate;

import java.nio.file.Path;
import java.util.List;

/**
 * One evaluation: models, an intent dataset folder, the index, and optional samples for a quick look.
 *
 * @param indexLimit at most this many train sentences in the index (a seeded random sample); 0 = all
 * @param queryLimit at most this many test sentences as queries; 0 = all
 * @param seed the seed of the samples
 */
public record EvaluationRequest(List<String> models, Path dataset, IndexSettings index, int indexLimit,
                                int queryLimit, long seed) {

    /** Exact search, or Annoy with its trees and search_k (-1 = Annoy's default, neighbours x trees). */
    public record IndexSettings(boolean exact, int trees, int searchK) {

        public static final IndexSettings EXACT = new IndexSettings(true, 20, -1);

        public IndexSettings {
            if (trees < 1) {
                throw new IllegalArgumentException("Annoy trees must be at least 1, got " + trees);
            }
            if (searchK < 1 && searchK != -1) {
                throw new IllegalArgumentException("search_k must be positive or -1 (Annoy's default), got " + searchK);
            }
        }

        public String describe() {
            return exact ? "exact search" : "Annoy, " + trees + " trees, search_k " + (searchK == -1 ? "default"
                    : Integer.toString(searchK));
        }
    }

    public EvaluationRequest {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("choose at least one model to evaluate");
        }
        if (dataset == null) {
            throw new IllegalArgumentException("choose an intent dataset folder (with train and test files)");
        }
        if (indexLimit < 0 || queryLimit < 0) {
            throw new IllegalArgumentException("sample sizes must be 0 (all) or more");
        }
    }
}
