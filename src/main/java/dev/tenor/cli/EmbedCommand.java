package dev.tenor.cli;

import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.TokenizedText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tenor embed}: one embedding per input line, in input order. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed sentences, one per input line, with a model.",
                "The model folder decides pooling and normalisation."})
public final class EmbedCommand implements Callable<Integer> {

    private final Interrupts interrupts;

    public EmbedCommand(Interrupts interrupts) {
        this.interrupts = interrupts;
    }

    /** Output formats. */
    enum Format { json, tsv }

    @Mixin
    ModelOption model;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE|-",
            description = "Text file with one sentence per line, or - for standard input.")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE|-",
            description = "Where to write the embeddings, or - for standard output.")
    String output;

    @Option(names = "--format", defaultValue = "json",
            description = "json: an array of float arrays; tsv: one line of tab-separated floats per sentence. "
                    + "Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--batch-size", defaultValue = "" + SentenceEncoder.DEFAULT_BATCH_SIZE, description = "Sentences per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Override
    public Integer call() throws IOException {
        refuseOverwritingTheInput();
        List<String> lines = readLines();
        try (SentenceEncoder encoder = SentenceEncoder.open(model.resolve());
             ProgressBar bar = new ProgressBar()) {
            List<TokenizedText> tokens = encoder.tokenize(lines);
            int truncated = Truncation.warn("embed", input.equals("-") ? "standard input" : input, tokens,
                    encoder.settings().maxSeqLength());
            float[][] vectors = encoder.encodeTokens(tokens, batchSize, bar, interrupts.token());
            bar.close();
            if (output.equals("-")) {
                write(System.out, vectors);
                System.out.flush();
            } else {
                AtomicFiles.write(Path.of(output), out -> write(out, vectors));
                System.err.println("wrote " + vectors.length + " embeddings of dimension " + encoder.dimension()
                        + " to " + output + Truncation.summary(truncated, encoder.settings().maxSeqLength()));
            }
            if (output.equals("-") && truncated > 0) {
                System.err.println("tenor embed:" + Truncation.summary(truncated, encoder.settings().maxSeqLength()));
            }
        }
        return 0;
    }

    /** {@code -i f -o f} would replace the sentences with their embeddings. */
    private void refuseOverwritingTheInput() throws IOException {
        if (input.equals("-") || output.equals("-")) {
            return;
        }
        Path in = Path.of(input);
        Path out = Path.of(output);
        boolean same = Files.exists(in) && Files.exists(out) ? Files.isSameFile(in, out)
                : in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize());
        if (same) {
            throw new BadInputException(output + ": is the input file; write the embeddings to another file");
        }
    }

    private List<String> readLines() throws IOException {
        String name = input.equals("-") ? "standard input" : input;
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = input.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    throw new BadInputException(name + ": line " + (lines.size() + 1)
                            + " is empty; give one sentence per line");
                }
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(name + ": file not found");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BadInputException(name + ": line " + (lines.size() + 1) + " is not valid UTF-8 text");
        }
        if (lines.isEmpty()) {
            throw new BadInputException(name + ": no sentences (the input is empty)");
        }
        return lines;
    }

    private void write(OutputStream out, float[][] vectors) throws IOException {
        PrintStream p = new PrintStream(out, false, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(vectors.length * vectors[0].length * 12);
        if (format == Format.json) {
            sb.append('[');
            for (int i = 0; i < vectors.length; i++) {
                sb.append(i == 0 ? "\n  [" : ",\n  [");
                for (int j = 0; j < vectors[i].length; j++) {
                    if (j > 0) {
                        sb.append(", ");
                    }
                    sb.append(vectors[i][j]);
                }
                sb.append(']');
            }
            sb.append("\n]\n");
        } else {
            for (float[] v : vectors) {
                for (int j = 0; j < v.length; j++) {
                    if (j > 0) {
                        sb.append('\t');
                    }
                    sb.append(v[j]);
                }
                sb.append('\n');
            }
        }
        p.print(sb);
        p.flush();
    }
}
