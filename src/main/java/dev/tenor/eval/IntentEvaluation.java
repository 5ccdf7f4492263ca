package dev.tenor.eval;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentExample;
import dev.tenor.data.IntentSplit;
import dev.tenor.eval.annoy.AnnoyIndex;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The intent retrieval evaluation (the seed scripts' protocol): embed the training sentences and
 * index them, embed each test sentence and look up its nearest training sentences by cosine; a test
 * sentence is correct at k when one of its k nearest training sentences has its label.
 *
 * <p>Exact search is the ground truth; Annoy reproduces the seed scripts' approximate numbers, and its
 * recall@k against exact search is reported beside them. Embeddings go through an {@link EmbeddingCache},
 * so evaluating a model a second time skips the encoder (and does not even load it).
 *
 * <p>Progress is reported as {@code "<model>: <stage>"} with each stage's own counts; cancellation is
 * checked between batches, chunks and stages. No JavaFX here: the workbench runs this on a worker thread.
 */
public final class IntentEvaluation {

    /** A model to evaluate and the name it is shown by. */
    public record Model(String name, ModelFolder folder) {

        /** Named after its folder. */
        public static Model of(ModelFolder folder) {
            return new Model(folder.name(), folder);
        }

        /**
         * Resolves a built-in name, a store name or a folder path through {@code store} (importing a
         * built-in model on first use), named as given, or after the folder for a path.
         */
        public static Model resolve(ModelStore store, String nameOrPath, ProgressListener progress) {
            ModelFolder folder = store.resolve(nameOrPath, progress);
            boolean isPath = BuiltinModel.find(nameOrPath).isEmpty() && Files.exists(Path.of(nameOrPath));
            return new Model(isPath ? displayName(folder) : nameOrPath, folder);
        }

        /** A trained run's folder is called {@code model}: show {@code <run>/model} then. */
        private static String displayName(ModelFolder folder) {
            Path dir = folder.dir().toAbsolutePath().normalize();
            Path parent = dir.getParent();
            return dir.getFileName().toString().equals("model") && parent != null && parent.getFileName() != null
                    ? parent.getFileName() + "/model" : dir.getFileName().toString();
        }
    }

    private final EmbeddingCache cache;

    /** Evaluates through {@code cache} (used when the options allow). */
    public IntentEvaluation(EmbeddingCache cache) {
        this.cache = cache;
    }

    /** With this Tenor home's embedding cache. */
    public static IntentEvaluation withDefaultCache() {
        return new IntentEvaluation(EmbeddingCache.current());
    }

    public EmbeddingCache cache() {
        return cache;
    }

    /** Evaluates each model in turn; the report holds their results in order. */
    public EvaluationReport evaluate(IntentDataset dataset, List<Model> models, EvaluationOptions options,
            ProgressListener progress, CancellationToken cancel) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model to evaluate");
        }
        Set<String> names = new HashSet<>();
        for (Model m : models) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("model " + m.name() + " is listed twice");
            }
        }
        List<String> notes = new ArrayList<>();
        dataset = sampled(dataset, options.sample(), notes);
        EvaluationOptions effective = capK(effectiveOptions(options, notes), dataset.train().texts().size(), notes);
        Queries queries = queries(dataset, effective.queryLimit());
        DatasetSummary summary = summary(dataset, queries);
        notes.addAll(dataNotes(dataset, summary));
        List<EvaluationResult> results = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            String prefix = models.size() == 1 ? m.name() + ": "
                    : "model " + (i + 1) + "/" + models.size() + " " + m.name() + ": ";
            results.addAll(evaluate(dataset, queries, m, effective, prefixed(progress, prefix), cancel));
        }
        return new EvaluationReport(summary, effective, results, notes, Instant.now());
    }

    /** One model, one result per index kind in {@code options}. */
    public List<EvaluationResult> evaluate(IntentDataset dataset, Model model, EvaluationOptions options,
            ProgressListener progress, CancellationToken cancel) {
        dataset = sampled(dataset, options.sample(), new ArrayList<>());
        EvaluationOptions effective = capK(effectiveOptions(options, new ArrayList<>()),
                dataset.train().texts().size(), new ArrayList<>());
        return evaluate(dataset, queries(dataset, effective.queryLimit()), model, effective, progress, cancel);
    }

    /** The dataset with its splits sampled as {@code sample} says, and a note saying so. */
    static IntentDataset sampled(IntentDataset d, Sample sample, List<String> notes) {
        if (!sample.samplesAnything()) {
            return d;
        }
        IntentSplit train = sampledSplit(d.train(), sample.index(), sample.seed());
        IntentSplit test = sampledSplit(d.test(), sample.queries(), sample.seed() + 1);
        notes.add(String.format(Locale.ROOT, "A seeded random sample (seed %d): %,d of %,d training sentences "
                + "indexed, %,d of %,d test sentences queried.", sample.seed(), train.size(), d.train().size(),
                test.size(), d.test().size()));
        return new IntentDataset(d.name(), d.folder(), d.columns(), train, test, d.validation());
    }

    private static IntentSplit sampledSplit(IntentSplit split, int limit, long seed) {
        List<IntentExample> kept = Sample.of(split.examples(), limit, seed);
        return kept == split.examples() ? split
                : new IntentSplit(split.name(), split.file(), split.sha256(), kept, split.blankLines());
    }

    /** k beyond the index's size would only repeat the last column: it is capped there, with a note. */
    static EvaluationOptions capK(EvaluationOptions options, int indexSize, List<String> notes) {
        if (options.maxK() <= indexSize || indexSize < 1) {
            return options;
        }
        notes.add(String.format(Locale.ROOT, "k = %d is more than the %,d training sentences the index holds; top-k "
                + "is reported up to k = %d.", options.maxK(), indexSize, indexSize));
        return options.withMaxK(indexSize);
    }

    /** Annoy where available; where not, exact search instead, with a note saying so. */
    static EvaluationOptions effectiveOptions(EvaluationOptions options, List<String> notes) {
        return effectiveOptions(options, notes, AnnoyIndex.isAvailable(),
                AnnoyIndex.unavailableReason().orElse("unknown"));
    }

    static EvaluationOptions effectiveOptions(EvaluationOptions options, List<String> notes, boolean annoyAvailable,
            String reason) {
        if (!options.wantsAnnoy() || annoyAvailable) {
            return options;
        }
        notes.add("Annoy is not available on this platform (" + reason + "); exact search was used instead.");
        return options.withIndexes(IndexKind.EXACT);
    }

    /** The test sentences evaluated: all, or the first {@code limit}. */
    record Queries(List<String> texts, List<String> labels, String sourceSha256) {
    }

    static Queries queries(IntentDataset dataset, int limit) {
        IntentSplit test = dataset.test();
        List<IntentExample> examples = limit > 0 && limit < test.size()
                ? test.examples().subList(0, limit) : test.examples();
        return new Queries(examples.stream().map(IntentExample::text).toList(),
                examples.stream().map(IntentExample::label).toList(), test.sha256());
    }

    static DatasetSummary summary(IntentDataset dataset, Queries queries) {
        Set<String> known = dataset.trainLabels();
        Map<String, Integer> unknown = new TreeMap<>();
        for (String label : queries.labels()) {
            if (!known.contains(label)) {
                unknown.merge(label, 1, Integer::sum);
            }
        }
        return new DatasetSummary(dataset.name(), dataset.folder(), dataset.sha256(), dataset.train().size(),
                dataset.test().size(), queries.texts().size(), known.size(), new HashSet<>(queries.labels()).size(),
                unknown, dataset.train().blankLines() + dataset.test().blankLines());
    }

    static List<String> dataNotes(IntentDataset dataset, DatasetSummary s) {
        List<String> notes = new ArrayList<>();
        if (s.queries() < s.testSentences()) {
            notes.add(String.format(Locale.ROOT, "Only the first %,d of %,d test sentences were evaluated.",
                    s.queries(), s.testSentences()));
        }
        if (!s.unknownLabels().isEmpty()) {
            List<String> parts = new ArrayList<>();
            s.unknownLabels().forEach((label, n) -> parts.add(label + " (" + n + ")"));
            notes.add(String.format(Locale.ROOT, "%,d test sentence%s of %d label%s that no training sentence has "
                            + "count as wrong: %s.", s.unknownQueries(), s.unknownQueries() == 1 ? "" : "s",
                    s.unknownLabels().size(), s.unknownLabels().size() == 1 ? "" : "s", String.join(", ", parts)));
        }
        if (s.blankLines() > 0) {
            notes.add(String.format(Locale.ROOT, "%,d blank line%s in %s and %s were skipped.", s.blankLines(),
                    s.blankLines() == 1 ? "" : "s", dataset.train().file().getFileName(),
                    dataset.test().file().getFileName()));
        }
        return notes;
    }

    private List<EvaluationResult> evaluate(IntentDataset dataset, Queries queries, Model model,
            EvaluationOptions options, ProgressListener progress, CancellationToken cancel) {
        cancel.throwIfCancelled();
        ModelFolder folder = model.folder();
        IntentSplit train = dataset.train();
        List<String> trainTexts = train.texts();
        List<String> trainLabels = train.labels();
        int maxK = options.maxK();
        try (LazyEncoder encoder = new LazyEncoder(folder)) {
            progress.progress(0, -1, "hashing model files");
            String modelHash = cache.modelHash(folder);
            long t0 = System.nanoTime();
            EmbeddingCache.Lookup trainVectors = embed(encoder, modelHash, train.sha256(), trainTexts, "train",
                    options, progress, cancel);
            long t1 = System.nanoTime();
            EmbeddingCache.Lookup testVectors = embed(encoder, modelHash, queries.sourceSha256(), queries.texts(),
                    "test", options, progress, cancel);
            long t2 = System.nanoTime();
            encoder.close(); // free the weights before the index takes memory
            double embedTrain = seconds(t1 - t0);
            double embedTest = seconds(t2 - t1);

            List<EvaluationResult> out = new ArrayList<>();
            cancel.throwIfCancelled();
            long b0 = System.nanoTime();
            Neighbours exact;
            double exactBuild;
            double exactQuery;
            try (ExactSearch search = new ExactSearch(trainVectors.vectors())) {
                long b1 = System.nanoTime();
                exact = search.search(testVectors.vectors(), maxK, progress, cancel);
                exactBuild = seconds(b1 - b0);
                exactQuery = seconds(System.nanoTime() - b1);
            }
            Result common = new Result(model, modelHash, queries, trainTexts, trainLabels, trainVectors.outcome(),
                    testVectors.outcome(), embedTrain, embedTest, options);
            if (options.indexes().contains(IndexKind.EXACT)) {
                out.add(common.build(IndexKind.EXACT, exact, null, exactBuild, exactQuery));
            }
            if (options.wantsAnnoy()) {
                AnnoySearch.Settings s = options.annoy();
                long a0 = System.nanoTime();
                try (AnnoyIndex index = AnnoySearch.build(trainVectors.vectors(), s.trees(), progress, cancel)) {
                    long a1 = System.nanoTime();
                    Neighbours annoy = AnnoySearch.query(index, testVectors.vectors(), s.neighbours(), s.searchK(),
                            progress, cancel);
                    long a2 = System.nanoTime();
                    RecallAtK recall = TopK.recall(annoy.ids(), exact.ids(), maxK);
                    out.add(common.build(IndexKind.ANNOY, annoy, recall, seconds(a1 - a0), seconds(a2 - a1)));
                }
            }
            return out;
        }
    }

    private EmbeddingCache.Lookup embed(LazyEncoder encoder, String modelHash, String sourceSha256,
            List<String> texts, String split, EvaluationOptions options, ProgressListener progress,
            CancellationToken cancel) {
        String stage = String.format(Locale.ROOT, "embedding %,d %s sentences", texts.size(), split);
        EmbeddingCache.Embedder embedder = t -> {
            SentenceEncoder e = encoder.get(progress);
            return e.encode(t, options.batchSize(), (done, total, msg) -> progress.progress(done, total, stage),
                    cancel);
        };
        if (!options.useCache()) {
            return new EmbeddingCache.Lookup(embedder.embed(texts), EmbeddingCache.Outcome.BYPASSED);
        }
        progress.progress(0, -1, "looking up cached " + split + " embeddings");
        EmbeddingCache.Key key = new EmbeddingCache.Key(modelHash, encoder.folder().settings(), sourceSha256,
                EmbeddingCache.textsSha256(texts));
        EmbeddingCache.Lookup lookup = cache.get(key, texts, embedder);
        if (lookup.outcome() == EmbeddingCache.Outcome.HIT) {
            progress.progress(texts.size(), texts.size(), "read cached " + split + " embeddings");
        }
        return lookup;
    }

    /** Metrics of one index's neighbours, with what all results of a model share. */
    private record Result(Model model, String modelHash, Queries queries, List<String> trainTexts,
            List<String> trainLabels, EmbeddingCache.Outcome trainCache, EmbeddingCache.Outcome testCache,
            double embedTrain, double embedTest, EvaluationOptions options) {

        EvaluationResult build(IndexKind kind, Neighbours neighbours, RecallAtK recall, double build, double query) {
            int[][] ids = neighbours.ids();
            int maxK = options.maxK();
            TopKAccuracy topK = TopK.accuracy(ids, trainLabels, queries.labels(), maxK);
            List<LabelConfusion> confusions = TopK.confusions(ids, trainLabels, trainTexts, queries.labels(),
                    queries.texts(), options.confusionPairs(), options.confusionExamples());
            ModelFolder f = model.folder();
            return new EvaluationResult(model.name(), f.dir(), modelHash, kind, f.config().hiddenSize(),
                    f.parameterCount(), f.settings(), kind == IndexKind.ANNOY ? options.annoy() : null,
                    queries.texts().size(), topK, recall, new Timings(embedTrain, embedTest, build, query),
                    trainCache, testCache, perLabel(ids, maxK), confusions);
        }

        /** Each query label's accuracy at k = 1..maxK, worst top-1 first, then more queries, then by name. */
        private List<LabelScore> perLabel(int[][] ids, int maxK) {
            Map<String, int[]> correct = new LinkedHashMap<>();
            Map<String, LabelAccuracy> first = new LinkedHashMap<>();
            for (int k = 1; k <= maxK; k++) {
                for (LabelAccuracy a : TopK.perLabel(ids, trainLabels, queries.labels(), k)) {
                    correct.computeIfAbsent(a.label(), l -> new int[maxK])[k - 1] = a.correct();
                    first.putIfAbsent(a.label(), a);
                }
            }
            List<LabelScore> out = new ArrayList<>();
            first.forEach((label, a) -> out.add(new LabelScore(label, a.queries(), a.inIndex(), correct.get(label))));
            out.sort(Comparator.comparingDouble((LabelScore s) -> s.at(1))
                    .thenComparing(Comparator.comparingInt(LabelScore::queries).reversed())
                    .thenComparing(LabelScore::label));
            return out;
        }
    }

    /** Opens the encoder only when an embedding is not cached; a warm cache never loads the weights. */
    private static final class LazyEncoder implements AutoCloseable {
        private final ModelFolder folder;
        private SentenceEncoder encoder;

        LazyEncoder(ModelFolder folder) {
            this.folder = folder;
        }

        ModelFolder folder() {
            return folder;
        }

        SentenceEncoder get(ProgressListener progress) {
            if (encoder == null) {
                progress.progress(0, -1, "loading " + folder.name());
                encoder = SentenceEncoder.open(folder);
            }
            return encoder;
        }

        @Override
        public void close() {
            if (encoder != null) {
                encoder.close();
                encoder = null;
            }
        }
    }

    private static ProgressListener prefixed(ProgressListener progress, String prefix) {
        return (done, total, message) -> progress.progress(done, total, prefix + message);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
