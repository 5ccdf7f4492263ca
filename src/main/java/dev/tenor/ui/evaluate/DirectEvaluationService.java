package dev.tenor.ui.evaluate;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.data.IntentExample;
import dev.tenor.eval.AnnoySearch;
import dev.tenor.eval.ExactSearch;
import dev.tenor.eval.Neighbours;
import dev.tenor.eval.TopK;
import dev.tenor.eval.TopKAccuracy;
import dev.tenor.eval.annoy.AnnoyIndex;
import dev.tenor.io.BadInputException;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The evaluation built directly on the core pieces (intent reader, encoder, exact or Annoy search, top-k
 * metrics), until the evaluation issue's entry point replaces it. Each model's encoder is opened for the
 * evaluation and closed after it.
 */
public final class DirectEvaluationService implements EvaluationService {

    /** Neighbours asked per query: top-3 needs three; Annoy is asked as the reference asked it. */
    static final int MAX_K = 3;
    static final int MAX_CONFUSIONS = 30;
    static final int EXAMPLES_PER_CONFUSION = 5;

    private final ModelStore store;

    public DirectEvaluationService(ModelStore store) {
        this.store = store;
    }

    @Override
    public EvaluationReport evaluate(EvaluationRequest request, ProgressListener progress, CancellationToken cancel) {
        progress.progress(0, -1, "reading " + request.dataset().getFileName());
        IntentDataset dataset = IntentDatasetReader.read(request.dataset());
        List<IntentExample> index = sample(dataset.train().examples(), request.indexLimit(), request.seed());
        List<IntentExample> queries = sample(dataset.test().examples(), request.queryLimit(), request.seed() + 1);
        List<String> indexTexts = index.stream().map(IntentExample::text).toList();
        List<String> indexLabels = index.stream().map(IntentExample::label).toList();
        List<String> queryTexts = queries.stream().map(IntentExample::text).toList();
        List<String> queryLabels = queries.stream().map(IntentExample::label).toList();
        if (!request.index().exact() && !AnnoyIndex.isAvailable()) {
            throw new BadInputException("Annoy is not available on this platform; choose exact search");
        }
        List<EvaluationReport.ModelScores> scores = new ArrayList<>();
        int m = request.models().size();
        for (int i = 0; i < m; i++) {
            String name = request.models().get(i);
            long started = System.nanoTime();
            ProgressListener stage = stage(progress, i, m, name);
            ModelFolder folder = store.resolve(name, stage);
            cancel.throwIfCancelled();
            float[][] indexVectors;
            float[][] queryVectors;
            try (SentenceEncoder encoder = SentenceEncoder.open(folder)) {
                long total = (long) indexTexts.size() + queryTexts.size();
                indexVectors = encoder.encode(indexTexts, SentenceEncoder.DEFAULT_BATCH_SIZE,
                        (d, t, msg) -> stage.progress(d * 90 / Math.max(1, total), 100, "embedding the index"), cancel);
                queryVectors = encoder.encode(queryTexts, SentenceEncoder.DEFAULT_BATCH_SIZE,
                        (d, t, msg) -> stage.progress((indexTexts.size() + d) * 90 / Math.max(1, total), 100,
                                "embedding the queries"), cancel);
            }
            stage.progress(90, 100, request.index().describe());
            Neighbours neighbours = search(indexVectors, queryVectors, request.index(), cancel);
            int[][] ids = neighbours.ids();
            TopKAccuracy accuracy = TopK.accuracy(ids, indexLabels, queryLabels, MAX_K);
            scores.add(new EvaluationReport.ModelScores(name, accuracy,
                    TopK.perLabel(ids, indexLabels, queryLabels, 1),
                    TopK.confusions(ids, indexLabels, indexTexts, queryLabels, queryTexts, MAX_CONFUSIONS,
                            EXAMPLES_PER_CONFUSION),
                    Duration.ofNanos(System.nanoTime() - started)));
            stage.progress(100, 100, "top-1 " + String.format(java.util.Locale.ROOT, "%.3f", accuracy.at(1)));
        }
        return new EvaluationReport(dataset.name(), request.dataset(), index.size(), queries.size(), request.index(),
                scores);
    }

    private static Neighbours search(float[][] index, float[][] queries, EvaluationRequest.IndexSettings settings,
                                     CancellationToken cancel) {
        if (settings.exact()) {
            try (ExactSearch search = new ExactSearch(index)) {
                return search.search(queries, MAX_K, ProgressListener.NONE, cancel);
            }
        }
        AnnoySearch.Settings reference = AnnoySearch.Settings.REFERENCE;
        try (AnnoyIndex annoy = AnnoySearch.build(index, settings.trees(), ProgressListener.NONE, cancel)) {
            return AnnoySearch.query(annoy, queries, Math.max(MAX_K, reference.neighbours()), settings.searchK(),
                    ProgressListener.NONE, cancel);
        }
    }

    /** A seeded random sample of {@code limit} examples in their original order, or all of them. */
    static List<IntentExample> sample(List<IntentExample> all, int limit, long seed) {
        if (limit == 0 || limit >= all.size()) {
            return all;
        }
        List<Integer> positions = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            positions.add(i);
        }
        Collections.shuffle(positions, new Random(seed));
        List<Integer> kept = new ArrayList<>(positions.subList(0, limit));
        Collections.sort(kept);
        List<IntentExample> out = new ArrayList<>(limit);
        kept.forEach(p -> out.add(all.get(p)));
        return out;
    }

    /** Model {@code i} of {@code m} gets the share {@code [i/m, (i+1)/m]} of a run to 1000. */
    private static ProgressListener stage(ProgressListener out, int i, int m, String name) {
        return (done, total, message) -> {
            long base = 1000L * i / m;
            long span = 1000L / m;
            long scaled = total <= 0 ? base : base + span * Math.min(done, total) / total;
            out.progress(scaled, 1000, name + ": " + message);
        };
    }
}
