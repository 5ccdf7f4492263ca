package dev.tenor.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A command for a child JVM: a main class of this installation and its arguments. The one place that
 * names Tenor's command-line entry point by string (the architecture test checks that the class exists and
 * that no core class names the command line or the workbench).
 *
 * @param jvmOptions extra options for the child JVM (before the main class)
 */
public record EntryPoint(String mainClass, List<String> arguments, List<String> jvmOptions) {

    /** The {@code tenor} command's main class. */
    public static final String TENOR_MAIN = "dev.tenor.cli.Main";

    public EntryPoint {
        Objects.requireNonNull(mainClass, "mainClass");
        arguments = List.copyOf(arguments);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** {@code tenor <arguments>}. */
    public static EntryPoint tenor(List<String> arguments) {
        return new EntryPoint(TENOR_MAIN, arguments, List.of());
    }

    /** {@code tenor train <trainArguments>}. */
    public static EntryPoint tenorTrain(List<String> trainArguments) {
        List<String> args = new ArrayList<>();
        args.add("train");
        args.addAll(trainArguments);
        return tenor(args);
    }

    /** True when the arguments continue an existing run ({@code --resume}). */
    public boolean resumes() {
        return arguments.contains("--resume");
    }
}
