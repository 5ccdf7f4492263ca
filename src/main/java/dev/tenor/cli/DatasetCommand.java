package dev.tenor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tenor dataset}: groups the dataset subcommands. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Build FewRel triplet datasets.",
        subcommands = {DatasetBuildCommand.class})
public final class DatasetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "tenor dataset: give a subcommand (build)");
    }
}
