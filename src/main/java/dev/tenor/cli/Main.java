package dev.tenor.cli;

import dev.tenor.model.DjlSetup;

/** Entry point of the {@code tenor} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        DjlSetup.init(); // DJL offline before anything else touches it
        Interrupts interrupts = Interrupts.installed();
        System.exit(TenorCommand.commandLine(interrupts).execute(args));
    }
}
