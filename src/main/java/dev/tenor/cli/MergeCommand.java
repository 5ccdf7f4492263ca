package dev.tenor.cli;

import dev.tenor.io.BadInputException;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.WeightMerge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tenor merge}: a fine-tuned model interpolated with its base (WiSE-FT). */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Interpolate a fine-tuned model with its base: (1 - alpha) * base + alpha * tuned, tensor by "
                + "tensor (WiSE-FT, Wortsman et al., CVPR 2022).",
                "Both models must have the same architecture and tokenizer. alpha 0 is the base, 1 the tuned model.",
                "Example: tenor merge --base all-MiniLM-L6-v2 --tuned models/runs/R/model --alpha 0.75 --out merged"})
public final class MergeCommand implements Callable<Integer> {

    @Option(names = "--base", required = true, paramLabel = "MODEL",
            description = "The base model: a built-in name, a store name or a model folder.")
    String base;

    @Option(names = "--tuned", required = true, paramLabel = "MODEL", description = "The fine-tuned model.")
    String tuned;

    @Option(names = "--alpha", required = true, paramLabel = "X", description = "The tuned model's share, in [0, 1].")
    double alpha;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged model folder.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing folder at --out.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        String problem = WeightMerge.alphaProblem(alpha);
        if (problem != null) {
            throw new IllegalArgumentException("--" + problem);
        }
        if (Files.exists(out) && !overwrite) {
            throw BadInputException.of(out, "exists; use --overwrite to replace it");
        }
        ModelFolder b;
        ModelFolder t;
        try (ProgressBar bar = new ProgressBar()) {
            b = ModelStore.current().resolve(base, bar);
            t = ModelStore.current().resolve(tuned, bar);
        }
        ModelFolder merged = WeightMerge.of(b, t).write(alpha, out, Map.of());
        System.err.println("merged " + b.dir() + " and " + t.dir() + " at alpha " + alpha + " into " + merged.dir());
        return 0;
    }
}
