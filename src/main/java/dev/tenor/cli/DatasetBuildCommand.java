package dev.tenor.cli;

import dev.tenor.net.DownloadException;
import dev.tenor.data.BuildResult;
import dev.tenor.data.DatasetStats;
import dev.tenor.data.FewRelDownload;
import dev.tenor.data.FewRelDownload.Upstream;
import dev.tenor.data.RelationStats;
import dev.tenor.data.SkipReason;
import dev.tenor.data.SwapMode;
import dev.tenor.data.TripletBuilder;
import dev.tenor.data.TripletDataset;
import dev.tenor.data.TripletOptions;
import dev.tenor.io.BadInputException;
import dev.tenor.io.TenorPaths;
import dev.tenor.task.CancellationToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tenor dataset build}: FewRel file in, triplet dataset folder out, summary printed. */
@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build anchor/positive/negative triplets from a FewRel file.", "",
                "Writes triplets.jsonl, dev.jsonl (held-out split) and stats.json into the --out folder, "
                        + "replacing an earlier dataset there."})
final class DatasetBuildCommand implements Callable<Integer> {

    private final Interrupts interrupts;

    public DatasetBuildCommand(Interrupts interrupts) {
        this.interrupts = interrupts;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--fewrel", required = true, paramLabel = "FILE|train_wiki|val_wiki",
            description = "A FewRel JSON file, or train_wiki / val_wiki to download the upstream file "
                    + "(kept in TENOR_HOME/data/cache/fewrel).")
    String fewrel;

    @Option(names = "--pid2name", paramLabel = "FILE",
            description = "Relation names (pid2name.json). Default: pid2name.json beside the FewRel file, if any.")
    Path pid2name;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The dataset folder to write.")
    Path out;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dev", defaultValue = "0.05", paramLabel = "FRACTION",
            description = "Share of each relation held out for dev.jsonl, 0 for none (default: ${DEFAULT-VALUE}).")
    double dev;

    @Option(names = "--swap", defaultValue = "span", paramLabel = "MODE",
            description = "How entities are swapped: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
                    + "string reproduces the seed scripts' str.replace, with its side effects.")
    SwapMode swap;

    @Option(names = "--max-per-relation", defaultValue = "0", paramLabel = "N",
            description = "At most N triplets (training and dev) per relation; 0 = all (default).")
    int maxPerRelation;

    @Option(names = "--detokenize", description = "Write natural text (\"four-lane, Bob's\") instead of "
            + "tokens joined by spaces.")
    boolean detokenize;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        TripletOptions options;
        try {
            options = new TripletOptions(seed, dev, swap, maxPerRelation, detokenize);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ProgressBar progress = new ProgressBar(stderr, System.console() != null, ProgressBar.Units.ITEMS);
        CancellationToken cancel = interrupts.token(); // SIGINT/SIGTERM: stop at the next batch
        try {
            TripletDataset.checkOutputFolder(out);
            Path source = source(progress, cancel, stderr);
            Path names = pid2name != null ? pid2name : besideOrNull(source);
            BuildResult result = new TripletBuilder(options).buildFolder(source, names, out, progress, cancel);
            progress.close();
            printSummary(stdout, result);
            return 0;
        } catch (DownloadException e) {
            progress.close();
            stderr.println("tenor: " + e.getMessage());
            return 1;
        } finally {
            progress.close();
        }
    }

    /** The local FewRel file: the given path, or the upstream file downloaded into the cache. */
    private Path source(ProgressBar progress, CancellationToken cancel, PrintWriter stderr)
            throws IOException {
        Path local = Path.of(fewrel);
        Optional<Upstream> upstream = Upstream.byName(fewrel).filter(u -> u != Upstream.PID2NAME);
        if (Files.exists(local) || upstream.isEmpty()) {
            if (!Files.isRegularFile(local)) {
                throw BadInputException.of(local, "file not found (give a FewRel JSON file, or train_wiki or "
                        + "val_wiki to download the upstream file)");
            }
            return local;
        }
        Path folder = TenorPaths.current().cache().resolve("fewrel");
        FewRelDownload download = FewRelDownload.fromSystemProperties();
        Path file = fetch(download, upstream.get(), folder, progress, cancel, stderr);
        if (pid2name == null) {
            try {
                fetch(download, Upstream.PID2NAME, folder, progress, cancel, stderr);
            } catch (DownloadException e) {
                progress.close();
                stderr.println("tenor: warning: no relation names: " + e.getMessage());
            }
        }
        return file;
    }

    private static Path fetch(FewRelDownload download, Upstream file, Path folder, ProgressBar progress,
            CancellationToken cancel, PrintWriter stderr) throws IOException {
        if (!Files.isRegularFile(folder.resolve(file.fileName()))) {
            stderr.println("downloading " + download.uri(file) + " to " + folder);
            stderr.flush();
        }
        Path path = download.fetch(file, folder, progress, cancel);
        progress.close();
        return path;
    }

    private static Path besideOrNull(Path source) {
        Path parent = source.toAbsolutePath().getParent();
        Path beside = parent == null ? null : parent.resolve("pid2name.json");
        return beside != null && Files.isRegularFile(beside) ? beside : null;
    }

    private static void printSummary(PrintWriter out, BuildResult result) {
        DatasetStats s = result.summary();
        out.printf(Locale.ROOT, "FewRel triplets written to %s%n", result.folder());
        out.printf(Locale.ROOT, "  source      %s (sha256 %s)%n", s.provenance().source(),
                s.provenance().sourceSha256());
        out.printf(Locale.ROOT, "  names       %s%n",
                s.provenance().relationNames() == null ? "none" : s.provenance().relationNames());
        int skippedRelations = s.skippedRelations().size();
        out.printf(Locale.ROOT, "  relations   %,d (%,d used%s)%n", s.relations().size(),
                s.relations().size() - skippedRelations,
                skippedRelations == 0 ? "" : ", skipped: " + String.join(" ", s.skippedRelations()));
        out.printf(Locale.ROOT, "  instances   %,d%n", s.instances());
        out.printf(Locale.ROOT, "  triplets    %,d  %s%n", s.triplets(), TripletDataset.TRIPLETS);
        out.printf(Locale.ROOT, "  dev         %,d  %s%n", s.devTriplets(),
                result.dev() == null ? "(no dev split)" : TripletDataset.DEV);
        out.printf(Locale.ROOT, "  skipped     %,d%n", s.skipped());
        for (var e : s.skippedByReason().entrySet()) {
            SkipReason reason = e.getKey();
            out.printf(Locale.ROOT, "    %-20s %,7d  %s%n", reason.key(), e.getValue(), reason.description());
        }
        TripletOptions o = s.provenance().options();
        out.printf(Locale.ROOT, "  settings    seed %d, swap %s, dev %s, %s, %s%n", o.seed(), o.swap(),
                o.devFraction(), o.maxPerRelation() == 0 ? "no cap" : "cap " + o.maxPerRelation() + " per relation",
                o.detokenize() ? "detokenized" : "tokens joined by spaces");
        RelationStats.Lengths avg = s.averages();
        out.printf(Locale.ROOT, "  averages    %.1f tokens a sentence; anchor %.1f, positive %.1f, negative %.1f "
                + "characters%n", avg.sentenceTokens(), avg.anchorChars(), avg.positiveChars(), avg.negativeChars());
        out.printf(Locale.ROOT, "  time        %.2f s%n", result.elapsed().toNanos() / 1e9);
        if (s.problemCount() > 0) {
            out.printf(Locale.ROOT, "  invalid input entries (%,d; all in stats.json):%n", s.problemCount());
            s.problems().stream().limit(5).forEach(p -> out.println("    " + p));
        }
        out.flush();
    }

}
