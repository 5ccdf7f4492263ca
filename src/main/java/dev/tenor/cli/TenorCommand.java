package dev.tenor.cli;

import dev.tenor.io.BadInputException;
import dev.tenor.task.CancelledException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top command; one factory builds the command line for {@code main} and for tests. */
@Command(name = "tenor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Train and inspect high-level semantic sentence-embedding models.", "",
                "Runs offline with the built-in model all-MiniLM-L6-v2; models and data are kept in "
                        + "TENOR_HOME (models/, data/)."},
        subcommands = {
                WorkbenchCommand.class,
                ModelsCommand.class,
                EmbedCommand.class,
                AttentionCommand.class,
                DatasetCommand.class,
                EvaluateCommand.class,
                TrainCommand.class,
                DevicesCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class TenorCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A configured command line: clear messages instead of stack traces, exit codes 0/1/2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TenorCommand());
        cl.setExecutionExceptionHandler(TenorCommand::handleError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static int handleError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof CancelledException) {
            err.println("tenor: cancelled");
            return 130;
        }
        if (e instanceof BadInputException || e instanceof IllegalArgumentException) {
            err.println("tenor: " + e.getMessage());
            return 1;
        }
        err.println("tenor: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        if (Boolean.getBoolean("tenor.debug") || System.getenv("TENOR_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set TENOR_DEBUG=1 for the stack trace)");
        }
        return 1;
    }
}
