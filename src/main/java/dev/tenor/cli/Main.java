package dev.tenor.cli;

import dev.tenor.model.DjlSetup;
import picocli.CommandLine;

/** Entry point of the {@code tenor} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        DjlSetup.init();
        System.exit(TenorCommand.commandLine().execute(args));
    }
}
