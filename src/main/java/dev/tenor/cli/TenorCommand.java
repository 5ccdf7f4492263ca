package dev.tenor.cli;

import dev.tenor.io.BadInputException;
import dev.tenor.io.WriteException;
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
                MapCommand.class,
                TrainCommand.class,
                MergeCommand.class,
                ExportCommand.class,
                DevicesCommand.class,
                RemoteCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class TenorCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A configured command line no signal reaches (for tests and embedding). */
    public static CommandLine commandLine() {
        return commandLine(Interrupts.detached());
    }

    /**
     * A configured command line: clear messages instead of stack traces, exit codes 0 ok, 1 failure, 2 bad
     * usage, 130/143 stopped by SIGINT/SIGTERM. Commands that stop on signals get {@code interrupts} through
     * their constructor.
     */
    public static CommandLine commandLine(Interrupts interrupts) {
        CommandLine cl = new CommandLine(new TenorCommand(), new Factory(interrupts));
        cl.setExecutionExceptionHandler((e, line, parsed) -> handleError(e, line, interrupts));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Builds commands, handing {@link Interrupts} to those whose constructor takes it. */
    private record Factory(Interrupts interrupts) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Interrupts.class).newInstance(interrupts);
            } catch (NoSuchMethodException none) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    private static int handleError(Exception e, CommandLine cl, Interrupts interrupts) {
        PrintWriter err = cl.getErr();
        if (e instanceof CancelledException) {
            err.println("tenor: stopped");
            return interrupts.stoppedExitCode();
        }
        if (e instanceof BadInputException || e instanceof IllegalArgumentException || e instanceof WriteException
                || e instanceof dev.tenor.remote.RemoteException) {
            err.println("tenor: " + e.getMessage());
            return 1;
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            err.println("tenor: " + f.getFile() + ": " + WriteException.reason(f));
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
