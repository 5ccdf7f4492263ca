package dev.tenor.eval;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentExample;
import dev.tenor.data.IntentSplit;
import dev.tenor.io.BadInputException;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import dev.tenor.train.IntentValidation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A cheap top-1 check for the trainer to run every N steps: exact cosine top-1 accuracy of a fixed sample
 * of validation sentences against a fixed sample of training sentences as the index. The samples are drawn
 * once, with a seed, so every call measures the same task and the curve shows the model, not the draw.
 *
 * <p>Settings ({@link Settings#DEFAULT}): 4,000 training sentences in the index, chosen so every training
 * label has at least one (then filled at random), and at most 500 validation queries, seed 42. That is
 * 4,500 sentences to embed per call: measured on MTOP English with all-MiniLM-L6-v2 on two CPU cores
 * shared with other work (load average about 3), 5-6 s a call (2,000 + 500 take about 3 s); far less on a
 * GPU. The search itself takes milliseconds. The number (0.814 for all-MiniLM-L6-v2) differs from the full
 * test evaluation's top-1 (0.817: another split, a larger index) but moves with it, which is what a
 * training curve needs.
 */
public final class ValidationTop1 implements IntentValidation {

    /**
     * @param indexSize training sentences in the index (every label first, then at random)
     * @param maxQueries validation sentences queried at most (a seeded sample when there are more)
     * @param seed the seed of both samples
     * @param batchSize sentences per encoder batch
     */
    public record Settings(int indexSize, int maxQueries, long seed, int batchSize) {

        public static final Settings DEFAULT = new Settings(4_000, 500, 42, SentenceEncoder.DEFAULT_BATCH_SIZE);

        public Settings {
            if (indexSize < 1 || maxQueries < 1 || batchSize < 1) {
                throw new IllegalArgumentException("index size, query count and batch size must be positive");
            }
        }
    }

    private final String name;
    private final Settings settings;
    private final List<IntentExample> index;
    private final List<IntentExample> queries;

    /** Validation split of {@code dataset} against its train split, default settings. */
    public ValidationTop1(IntentDataset dataset) {
        this(dataset, Settings.DEFAULT);
    }

    public ValidationTop1(IntentDataset dataset, Settings settings) {
        this(dataset.name(), dataset.train(), dataset.validationSplit().orElseThrow(() -> BadInputException.of(
                dataset.folder(), "no validation split: training validation needs validation.jsonl (or .csv, .tsv) "
                        + "beside train (the test split is kept for the final evaluation)")), settings);
    }

    /** {@code queriesFrom} against {@code indexFrom}, sampled by {@code settings}, reported as set {@code name}. */
    public ValidationTop1(String name, IntentSplit indexFrom, IntentSplit queriesFrom, Settings settings) {
        this.name = name;
        this.settings = settings;
        Random random = new Random(settings.seed());
        this.index = indexSample(indexFrom.examples(), settings.indexSize(), random);
        this.queries = sample(queriesFrom.examples(), settings.maxQueries(), random);
    }

    public Settings settings() {
        return settings;
    }

    /** The training sentences indexed, in file order. */
    public List<IntentExample> index() {
        return index;
    }

    /** The validation sentences queried, in file order. */
    public List<IntentExample> queries() {
        return queries;
    }

    @Override
    public List<String> sets() {
        return List.of(name);
    }

    @Override
    public Map<String, Double> top1BySet(SentenceEncoder encoder, CancellationToken cancel) {
        return Map.of(name, top1(encoder, cancel));
    }

    /** Top-1 accuracy of {@code encoder}'s current weights on this set. */
    public double top1(SentenceEncoder encoder, CancellationToken cancel) {
        float[][] indexVectors = encoder.encode(texts(index), settings.batchSize(), ProgressListener.NONE, cancel);
        float[][] queryVectors = encoder.encode(texts(queries), settings.batchSize(), ProgressListener.NONE, cancel);
        cancel.throwIfCancelled();
        Neighbours nearest = ExactSearch.search(indexVectors, queryVectors, 1);
        return TopK.accuracy(nearest.ids(), labels(index), labels(queries), 1).at(1);
    }

    /**
     * {@code size} examples: one of each label first (in a seeded order), then the rest of a seeded
     * shuffle; returned in their original order.
     */
    static List<IntentExample> indexSample(List<IntentExample> all, int size, Random random) {
        if (size >= all.size()) {
            return List.copyOf(all);
        }
        List<Integer> order = shuffled(all.size(), random);
        Set<String> seen = new HashSet<>();
        List<Integer> chosen = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int i : order) {
            (seen.add(all.get(i).label()) ? chosen : rest).add(i);
        }
        if (chosen.size() > size) {
            chosen = new ArrayList<>(chosen.subList(0, size));
        } else {
            chosen.addAll(rest.subList(0, size - chosen.size()));
        }
        return pick(all, chosen);
    }

    /** {@code size} examples of a seeded shuffle (all when there are fewer), in their original order. */
    static List<IntentExample> sample(List<IntentExample> all, int size, Random random) {
        if (size >= all.size()) {
            return List.copyOf(all);
        }
        return pick(all, new ArrayList<>(shuffled(all.size(), random).subList(0, size)));
    }

    private static List<Integer> shuffled(int n, Random random) {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        return order;
    }

    private static List<IntentExample> pick(List<IntentExample> all, List<Integer> indices) {
        Collections.sort(indices);
        List<IntentExample> out = new ArrayList<>(indices.size());
        for (int i : indices) {
            out.add(all.get(i));
        }
        return List.copyOf(out);
    }

    private static List<String> texts(List<IntentExample> examples) {
        return examples.stream().map(IntentExample::text).toList();
    }

    private static List<String> labels(List<IntentExample> examples) {
        return examples.stream().map(IntentExample::label).toList();
    }
}
