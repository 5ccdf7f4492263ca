package dev.tenor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: not built yet. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Intent retrieval evaluation: top-k accuracy.")
public final class EvaluateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("tenor evaluate: not available yet");
        return 1;
    }
}
