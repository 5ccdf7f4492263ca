package dev.tenor.cli;

import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.onnx.OnnxExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tenor export onnx}: a model folder as {@code model.onnx} plus its tokenizer. */
@Command(name = "onnx", mixinStandardHelpOptions = true,
        description = {"Write a model as one ONNX graph (opset " + OnnxExport.OPSET + "): model.onnx with inputs "
                + "input_ids, attention_mask, token_type_ids and outputs last_hidden_state and sentence_embedding "
                + "(pooled, and normalised where the model normalises), tokenizer.json and a README on loading them.",
                "Works for every model Tenor loads: built-in, Hub, trained, merged.",
                "Example: tenor export onnx --model models/runs/R/model --out exported"})
public final class ExportOnnxCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A built-in name, a store name or a model folder.")
    String model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing folder at --out.")
    boolean overwrite;

    @Option(names = "--quantize", paramLabel = "none|int8", defaultValue = "none",
            converter = QuantizationConverter.class,
            description = "int8: dynamic int8 quantisation of the Linear weights (a quarter of their size; its "
                    + "accuracy and speed: OnnxInt8Benchmark). Default: ${DEFAULT-VALUE}.")
    OnnxExport.Quantization quantize;

    /** none | int8, written in lower case as the help shows them. */
    static final class QuantizationConverter implements picocli.CommandLine.ITypeConverter<OnnxExport.Quantization> {
        @Override
        public OnnxExport.Quantization convert(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "none" -> OnnxExport.Quantization.NONE;
                case "int8" -> OnnxExport.Quantization.INT8;
                default -> throw new picocli.CommandLine.TypeConversionException("use none or int8, got '" + value + "'");
            };
        }
    }

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !overwrite) {
            throw dev.tenor.io.BadInputException.of(out, "exists; use --overwrite to replace it");
        }
        ModelFolder folder;
        try (ProgressBar bar = new ProgressBar()) {
            folder = ModelStore.current().resolve(model, bar);
        }
        Path file = OnnxExport.writeFolder(folder, out, overwrite, quantize);
        System.err.printf("exported %s to %s (%.1f MB)%n", folder.dir(), file, Files.size(file) / 1e6);
        return 0;
    }
}
