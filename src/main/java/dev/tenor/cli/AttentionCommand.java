package dev.tenor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: not built yet. */
@Command(name = "attention", mixinStandardHelpOptions = true, description = "Print a model's attention maps for a sentence as JSON.")
public final class AttentionCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("tenor attention: not available yet");
        return 1;
    }
}
