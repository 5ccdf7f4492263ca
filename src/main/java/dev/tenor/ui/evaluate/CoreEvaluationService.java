package dev.tenor.ui.evaluate;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.data.IntentExample;
import dev.tenor.data.IntentSplit;
import dev.tenor.eval.AnnoySearch;
import dev.tenor.eval.EvaluationOptions;
import dev.tenor.eval.EvaluationResult;
import dev.tenor.eval.IndexKind;
import dev.tenor.eval.IntentEvaluation;
import dev.tenor.eval.LabelAccuracy;
import dev.tenor.eval.LabelScore;
import dev.tenor.model.ModelStore;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The Evaluate tab's service: the same {@link IntentEvaluation} as {@code tenor evaluate} (embedding
 * cache included), with the tab's optional seeded samples of the train and test splits for a quick look.
 */
public final class CoreEvaluationService implements EvaluationService {

    private final ModelStore store;
    private final IntentEvaluation evaluation;

    public CoreEvaluationService(ModelStore store) {
        this(store, IntentEvaluation.withDefaultCache());
    }

    public CoreEvaluationService(ModelStore store, IntentEvaluation evaluation) {
        this.store = store;
        this.evaluation = evaluation;
    }

    @Override
    public EvaluationReport evaluate(EvaluationRequest request, ProgressListener progress, CancellationToken cancel) {
        progress.progress(0, -1, "reading " + request.dataset().getFileName());
        IntentDataset full = IntentDatasetReader.read(request.dataset());
        IntentDataset data = new IntentDataset(full.name(), full.folder(), full.columns(),
                sampled(full.train(), request.indexLimit(), request.seed()),
                sampled(full.test(), request.queryLimit(), request.seed() + 1), full.validation());
        EvaluationRequest.IndexSettings index = request.index();
        EvaluationOptions options = EvaluationOptions.DEFAULT
                .withIndexes(index.exact() ? IndexKind.EXACT : IndexKind.ANNOY)
                .withAnnoy(new AnnoySearch.Settings(index.trees(), AnnoySearch.Settings.REFERENCE.neighbours(),
                        index.searchK()));
        List<IntentEvaluation.Model> models = new ArrayList<>();
        for (String name : request.models()) {
            models.add(IntentEvaluation.Model.resolve(store, name, progress));
        }
        List<EvaluationReport.ModelScores> scores = new ArrayList<>();
        for (EvaluationResult r : evaluation.evaluate(data, models, options, progress, cancel).results()) {
            List<LabelAccuracy> perLabel = new ArrayList<>();
            for (LabelScore s : r.perLabel()) {
                perLabel.add(new LabelAccuracy(s.label(), s.queries(), s.correct()[0], s.inIndex()));
            }
            scores.add(new EvaluationReport.ModelScores(r.model(), r.topK(), perLabel, r.confusions(),
                    Duration.ofMillis(Math.round(r.timings().total() * 1000))));
        }
        return new EvaluationReport(data.name(), request.dataset(), data.train().size(), data.test().size(), index,
                scores);
    }

    private static IntentSplit sampled(IntentSplit split, int limit, long seed) {
        List<IntentExample> kept = sample(split.examples(), limit, seed);
        return kept == split.examples() ? split
                : new IntentSplit(split.name(), split.file(), split.sha256(), kept, split.blankLines());
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
}
