package dev.tenor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: not built yet. */
@Command(name = "workbench", mixinStandardHelpOptions = true, description = "Open the Tenor workbench (JavaFX).")
public final class WorkbenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("tenor workbench: not available yet");
        return 1;
    }
}
