package dev.tenor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: not built yet. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Build FewRel triplet datasets.")
public final class DatasetCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("tenor dataset: not available yet");
        return 1;
    }
}
