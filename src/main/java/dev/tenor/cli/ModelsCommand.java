package dev.tenor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: not built yet. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List, import and download models.")
public final class ModelsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("tenor models: not available yet");
        return 1;
    }
}
