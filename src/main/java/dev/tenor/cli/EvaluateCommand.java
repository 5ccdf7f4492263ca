package dev.tenor.cli;

import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.eval.AnnoySearch;
import dev.tenor.eval.EmbeddingCache;
import dev.tenor.eval.EvaluationOptions;
import dev.tenor.eval.EvaluationReport;
import dev.tenor.eval.EvaluationReports;
import dev.tenor.eval.IndexKind;
import dev.tenor.eval.Sample;
import dev.tenor.eval.IntentEvaluation;
import dev.tenor.eval.annoy.AnnoyIndex;
import dev.tenor.io.BadInputException;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.hub.HubClient;
import dev.tenor.model.hub.HubDatasets;
import dev.tenor.task.CancellationToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tenor evaluate}: intent retrieval top-k accuracy of one or more models, as a comparison table. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Intent retrieval evaluation: top-k accuracy of one or more models.", "",
                "Embeds the training sentences and indexes them, then looks up each test sentence's nearest training "
                        + "sentences (cosine). A test sentence is correct at k when one of its k nearest training "
                        + "sentences has its label.",
                "exact search is the ground truth; annoy (20 trees, 20 neighbours, default search_k) reproduces the "
                        + "reference workflow's approximate numbers, with its recall against exact search.",
                "Embeddings are cached in TENOR_HOME/data/cache/embeddings, so a second run of a model is fast."})
public final class EvaluateCommand implements Callable<Integer> {

    private final Interrupts interrupts;

    public EvaluateCommand(Interrupts interrupts) {
        this.interrupts = interrupts;
    }

    /** Which searches to run. */
    enum IndexChoice { exact, annoy, both }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "A built-in model (" + "all-MiniLM-L6-v2, bge-small-en-v1.5, e5-small-v2), a model in the "
                    + "store (runs/NAME, owner/name) or a model folder; repeat to compare. Default: all-MiniLM-L6-v2.")
    List<String> models = new ArrayList<>();

    @Option(names = {"-d", "--dataset"}, paramLabel = "DIR|HUB_ID",
            description = "An intent dataset folder (train and test as .jsonl, .csv or .tsv), or a Hugging Face dataset "
                    + "id such as mteb/mtop_intent to download. Default: the shared MTOP English copy "
                    + "(../shared/data/mtop_intent/en) when present.")
    String dataset;

    @Option(names = "--dataset-config", paramLabel = "NAME", defaultValue = "en",
            description = "Config (language) of a Hub dataset. Default: ${DEFAULT-VALUE}.")
    String datasetConfig;

    @Option(names = "--revision", paramLabel = "R",
            description = "Revision of a Hub dataset. Default: the commit MTEB pins for mteb/mtop_intent, else main.")
    String revision;

    @Option(names = "--index", paramLabel = "KIND", defaultValue = "exact",
            description = "exact (ground truth), annoy (the seed scripts' approximate search) or both. "
                    + "Default: ${DEFAULT-VALUE}.")
    IndexChoice index;

    @Option(names = "--trees", paramLabel = "N", defaultValue = "20",
            description = "Annoy trees. Default: ${DEFAULT-VALUE}.")
    int trees;

    @Option(names = "--neighbours", paramLabel = "N", defaultValue = "20",
            description = "Neighbours asked from Annoy per query. Default: ${DEFAULT-VALUE}.")
    int neighbours;

    @Option(names = "--search-k", paramLabel = "N", defaultValue = "-1",
            description = "Candidates Annoy inspects per query; -1 for Annoy's default (neighbours x trees). "
                    + "Around 15000 brings recall@3 on MTOP above 0.99. Default: ${DEFAULT-VALUE}.")
    int searchK;

    @Option(names = "--k", paramLabel = "K", defaultValue = "3",
            description = "Report top-1 .. top-K accuracy. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write report.json, report.csv and report.md into DIR.")
    Path out;

    @Option(names = "--limit-queries", paramLabel = "N", defaultValue = "0",
            description = "Evaluate only the first N test sentences (0: all).")
    int limitQueries;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + SentenceEncoder.DEFAULT_BATCH_SIZE,
            description = "Sentences per encoder batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--sample-index", paramLabel = "N", defaultValue = "0",
            description = "Index a seeded random sample of N training sentences (0: all), for a quick look.")
    int sampleIndex;

    @Option(names = "--sample-queries", paramLabel = "N", defaultValue = "0",
            description = "Query with a seeded random sample of N test sentences (0: all).")
    int sampleQueries;

    @Option(names = "--sample-seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the samples. Default: ${DEFAULT-VALUE}.")
    long sampleSeed;

    @Option(names = "--no-cache", description = "Neither read nor write the embedding cache.")
    boolean noCache;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        EvaluationOptions options = options();
        CancellationToken cancel = interrupts.token(); // SIGINT/SIGTERM: stop at the next batch
        try (ProgressBar bar = new ProgressBar()) {
            IntentDataset data = IntentDatasetReader.read(datasetFolder(bar, cancel, stderr));
            ModelStore store = ModelStore.current();
            List<IntentEvaluation.Model> chosen = new ArrayList<>();
            for (String m : models.isEmpty() ? List.of(BuiltinModel.DEFAULT.modelName()) : models) {
                chosen.add(IntentEvaluation.Model.resolve(store, m, bar));
            }
            if (options.wantsAnnoy() && !AnnoyIndex.isAvailable()) {
                stderr.println("tenor: Annoy is not available here (" + AnnoyIndex.unavailableReason().orElse("?")
                        + "); using exact search");
                stderr.flush();
            }
            EvaluationReport report = new IntentEvaluation(EmbeddingCache.current())
                    .evaluate(data, chosen, options, bar, cancel);
            bar.close();
            stdout.println(EvaluationReports.heading(report));
            stdout.println();
            stdout.print(EvaluationReports.table(report));
            for (String note : report.notes()) {
                stdout.println("note: " + note);
            }
            if (out != null) {
                List<Path> files = EvaluationReports.write(report, out);
                stdout.println("wrote " + String.join(", ", files.stream().map(Path::toString).toList()));
            }
            stdout.flush();
            return 0;
        }
    }

    /** The options, checked before any work; a bad value is a usage error (exit code 2). */
    private EvaluationOptions options() {
        try {
            AnnoySearch.Settings annoy = new AnnoySearch.Settings(trees, neighbours, searchK);
            List<IndexKind> kinds = switch (index) {
                case exact -> List.of(IndexKind.EXACT);
                case annoy -> List.of(IndexKind.ANNOY);
                case both -> List.of(IndexKind.EXACT, IndexKind.ANNOY);
            };
            return new EvaluationOptions(kinds, annoy, k, limitQueries, batchSize,
                    EvaluationOptions.DEFAULT.confusionPairs(), EvaluationOptions.DEFAULT.confusionExamples(),
                    !noCache, new Sample(sampleIndex, sampleQueries, sampleSeed));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * The dataset folder: the given folder; a Hub id (owner/name that is not a folder) downloaded into
     * TENOR_HOME/data/hub; or, with no --dataset, the shared MTOP English copy.
     */
    private Path datasetFolder(ProgressBar bar, CancellationToken cancel, PrintWriter stderr) throws IOException {
        if (dataset == null) {
            Path shared = TenorPaths.current().sharedData().resolve("mtop_intent/en");
            if (!Files.isDirectory(shared)) {
                throw new BadInputException("no --dataset given and no shared MTOP copy at " + shared
                        + "; give a dataset folder, or mteb/mtop_intent to download it");
            }
            return shared;
        }
        Path local = Path.of(dataset);
        if (Files.exists(local) || !dataset.matches("[\\w.-]+/[\\w.-]+")) {
            return local; // the reader says what is wrong with it, if anything
        }
        HubClient.checkRepoId(dataset);
        String rev = revision != null ? revision
                : dataset.equals(HubDatasets.MTOP_INTENT_REPO) ? HubDatasets.MTOP_INTENT_REVISION : "main";
        Path target = HubDatasets.defaultFolder(dataset, datasetConfig);
        stderr.println("dataset " + dataset + " (" + datasetConfig + ", revision " + rev + ") -> " + target);
        stderr.flush();
        try {
            return new HubDatasets(HubClient.fromEnvironment(null))
                    .download(dataset, rev, datasetConfig, target, bar, cancel).folder();
        } catch (BadInputException | IOException e) {
            throw new BadInputException("dataset " + dataset + ": no such folder, and downloading it from the Hub "
                    + "failed: " + e.getMessage(), e);
        }
    }

}
