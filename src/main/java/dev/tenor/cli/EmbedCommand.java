package dev.tenor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: not built yet. */
@Command(name = "embed", mixinStandardHelpOptions = true, description = "Embed sentences with a model.")
public final class EmbedCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("tenor embed: not available yet");
        return 1;
    }
}
