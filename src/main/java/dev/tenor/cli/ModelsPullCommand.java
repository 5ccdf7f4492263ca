package dev.tenor.cli;

import dev.tenor.io.BadInputException;
import dev.tenor.model.hub.HubClient;
import dev.tenor.model.hub.PullResult;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenor models pull REPO}: downloads a sentence-transformers model folder from the Hugging Face Hub. */
@Command(name = "pull", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Download a sentence-transformers model from the Hugging Face Hub.", "",
                "Fetches config.json, model.safetensors, tokenizer.json and the sentence-transformers settings of"
                        + " REPO into a model folder. An interrupted download resumes when run again.",
                "Environment: HF_TOKEN (access token for gated or private repositories), HF_ENDPOINT (a mirror)."})
public final class ModelsPullCommand implements Callable<Integer> {

    private final Interrupts interrupts;

    public ModelsPullCommand(Interrupts interrupts) {
        this.interrupts = interrupts;
    }

    @Parameters(index = "0", paramLabel = "REPO",
            description = "Repository id, e.g. sentence-transformers/all-MiniLM-L6-v2.")
    String repo;

    @Option(names = "--revision", defaultValue = "main", paramLabel = "R",
            description = "Branch, tag, commit or refs/pr/N (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Model folder to create (default: <models>/hub/<owner>--<name>).")
    Path out;

    @Option(names = "--token", paramLabel = "T",
            description = "Hugging Face access token (default: $HF_TOKEN; prefer the variable, a command line is "
                    + "visible to other users).")
    String token;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ProgressBar bar = System.console() != null ? new ProgressBar(stderr, true, ProgressBar.Units.BYTES) : null;
        try {
            HubClient client = HubClient.fromEnvironment(token);
            Path folder = out != null ? out : HubClient.defaultModelFolder(repo);
            long start = System.nanoTime();
            PullResult result = client.pullModel(repo, revision, folder, bar != null ? bar : ProgressListener.NONE,
                    interrupts.token());
            if (bar != null) {
                bar.close();
            }
            printSummary(stdout, result, (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (BadInputException | IOException e) {
            if (bar != null) {
                bar.close();
            }
            stderr.println("tenor: " + e.getMessage());
            stderr.flush();
            return 1;
        }
    }

    private static void printSummary(PrintWriter out, PullResult r, double seconds) {
        String commit = r.sha().substring(0, Math.min(12, r.sha().length()));
        if (r.upToDate()) {
            out.printf(Locale.ROOT, "Already up to date: %s (revision %s, commit %s) in %s%n", r.repo(), r.revision(),
                    commit, r.folder());
        } else {
            out.printf(Locale.ROOT, "Pulled %s (revision %s, commit %s) into %s%n", r.repo(), r.revision(), commit,
                    r.folder());
            out.printf(Locale.ROOT, "  %d files, %s; %s downloaded in %.1f s%n", r.files().size(),
                    human(r.totalBytes()), human(r.bytesDownloaded()), seconds);
        }
        out.flush();
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
