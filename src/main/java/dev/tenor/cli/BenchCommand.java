package dev.tenor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: not built yet. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.")
public final class BenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("tenor bench: not available yet");
        return 1;
    }
}
