package dev.tenor.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tenor.attention.TokenImportance;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.TokenAttention;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenor attention}: a sentence's attention maps as JSON; {@code attention shift} over FewRel. */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = {"Print a model's attention probabilities for a sentence as JSON:",
                "{\"tokens\": [...], \"attention\": [layer][head][row][column]}; rows are query tokens and sum to 1.",
                "With --importance also the attention each token receives (see --help of that option).",
                "`tenor attention shift` measures the share of attention on FewRel's entity tokens."},
        subcommands = AttentionShiftCommand.class)
public final class AttentionCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;

    @Parameters(paramLabel = "SENTENCE", arity = "0..1", description = "The sentence to analyse.")
    String sentence;

    @Option(names = "--importance", description = {"Add \"importance\": the attention each token receives, the "
            + "mean over heads and query tokens, [CLS]/[SEP] hidden and rows renormalised (so a layer's values sum "
            + "to 1 over the words): \"tokens\", \"layers\" [layer][token] and \"rollout\" [layer][token] "
            + "(attention rollout up to that layer, averaged over query tokens as mean pooling does)."})
    boolean importance;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the JSON here instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (sentence == null) {
            throw new BadInputException("give a SENTENCE (or a subcommand: shift); see tenor attention --help");
        }
        if (sentence.isBlank()) {
            throw new BadInputException("the sentence is empty");
        }
        TokenAttention att;
        try (SentenceEncoder encoder = SentenceEncoder.open(model.resolve())) {
            if (encoder.tokenize(sentence).truncated()) {
                System.err.println("tenor attention: warning: the sentence is longer than the model reads; only its "
                        + "first " + encoder.settings().maxSeqLength() + " tokens are shown");
            }
            att = encoder.attention(sentence);
        }
        if (output == null) {
            write(System.out, att, importance);
            System.out.println();
        } else {
            AtomicFiles.write(output, out -> write(out, att, importance));
            System.err.println("wrote attention of " + att.layers() + " layers x " + att.heads() + " heads x "
                    + att.tokens().size() + " tokens to " + output);
        }
        return 0;
    }

    private static void write(OutputStream out, TokenAttention att, boolean importance) throws IOException {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeArrayFieldStart("tokens");
            for (String t : att.tokens()) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("attention");
            for (float[][][] layer : att.probabilities()) {
                g.writeStartArray();
                for (float[][] head : layer) {
                    g.writeStartArray();
                    for (float[] row : head) {
                        g.writeStartArray();
                        for (float v : row) {
                            g.writeNumber(v);
                        }
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            if (importance) {
                TokenImportance imp = TokenImportance.of(att, true);
                g.writeObjectFieldStart("importance");
                g.writeArrayFieldStart("tokens");
                for (String t : imp.tokens()) {
                    g.writeString(t);
                }
                g.writeEndArray();
                writeMatrix(g, "layers", imp.layers());
                writeMatrix(g, "rollout", imp.rollout());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    private static void writeMatrix(JsonGenerator g, String name, float[][] m) throws IOException {
        g.writeArrayFieldStart(name);
        for (float[] row : m) {
            g.writeStartArray();
            for (float v : row) {
                g.writeNumber(v);
            }
            g.writeEndArray();
        }
        g.writeEndArray();
    }
}
