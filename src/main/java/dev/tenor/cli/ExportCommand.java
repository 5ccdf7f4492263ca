package dev.tenor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tenor export}: groups the export formats. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model for use outside Tenor (ONNX Runtime, langchain4j, Python).",
        subcommands = {ExportOnnxCommand.class})
public final class ExportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "tenor export: give a format (onnx)");
    }
}
