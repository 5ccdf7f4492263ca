package dev.tenor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: not built yet. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Fine-tune a model on triplets.")
public final class TrainCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("tenor train: not available yet");
        return 1;
    }
}
