package dev.tenor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.train.Distance;
import dev.tenor.train.TrainConfig;
import dev.tenor.train.TrainConfigFile;
import dev.tenor.train.TrainOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@link TrainConfig} is the one definition of training options: the command line follows it exactly. */
class TrainOptionsTest {

    @TempDir
    Path dir;

    private static String help() {
        StringWriter out = new StringWriter();
        CommandLine cl = TenorCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("train", "--help"));
        return out.toString().replaceAll("\\s+", " ");
    }

    @Test
    void everyConfigComponentIsAnOptionOfTrainHelpWithItsDefault() {
        String help = help();
        List<String> names = Arrays.stream(TrainConfig.class.getRecordComponents()).map(RecordComponent::getName)
                .toList();
        assertEquals(names, TrainOptions.ALL.stream().map(TrainOptions.Spec::name).toList());
        for (TrainOptions.Spec s : TrainOptions.ALL) {
            assertTrue(help.contains(s.flag() + (s.flagOnly() ? "[=" : "=")), s.flag() + " missing from tenor train --help");
            if (s.hasDefault()) {
                assertTrue(help.contains("Default: " + s.defaultValue() + "."), s.flag() + "'s default "
                        + s.defaultValue() + " missing from --help");
            }
        }
        assertTrue(help.contains("--lr=X Peak learning rate of AdamW. Default: 2e-5."), help);
        assertTrue(help.contains("--distance=euclidean|cosine|manhattan"), help);
        assertTrue(help.contains("--loss=triplet|cosine-triplet|mnrl"), help);
        assertTrue(help.contains("--merge-alpha=none|auto|X"), help);
    }

    @Test
    void argumentsParsedByTheCommandLineGiveTheSameConfig() {
        TrainConfig c = TrainConfig.defaults("m", dir.resolve("t.jsonl"), dir.resolve("d.jsonl"), dir.resolve("run"))
                .with("lr", 3e-5).with("distance", Distance.COSINE).with("seed", 7L).with("dropout", 0.05f)
                .with("valDatasets", List.of(dir.resolve("a"), dir.resolve("b")));
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(TrainOptions.arguments(c));
        CommandLine cl = TenorCommand.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs(args.toArray(String[]::new));
        CommandLine.Model.CommandSpec train = parsed.subcommand().commandSpec();
        Map<String, Object> given = new HashMap<>();
        TrainOptions.ALL.forEach(s -> given.put(s.name(), train.findOption(s.flag()).getValue()));
        assertEquals(c, TrainOptions.build(given));
    }

    @Test
    void argsJsonRoundTripsAndOlderFilesTakeDefaults() throws Exception {
        TrainConfig c = TrainConfig.defaults("m", dir.resolve("t.jsonl"), null, dir).with("margin", 0.25f)
                .with("select", TrainConfig.Selection.LAST).with("valDatasets", List.of(dir.resolve("atis")));
        TrainConfigFile.write(dir, c, List.of("train"));
        assertEquals(c, TrainConfigFile.read(dir));
        assertEquals("last", Json.read(dir.resolve("args.json")).path("select").asText());
        assertEquals(dir.resolve("atis").toString(), Json.read(dir.resolve("args.json")).path("val_datasets").get(0)
                .asText());
        Files.writeString(dir.resolve("args.json"), "{\"base\":\"m\",\"triplets\":\"t.jsonl\",\"out\":\"" + dir
                + "\",\"batch_size\":8}");
        TrainConfig old = TrainConfigFile.read(dir);
        assertEquals(8, old.batchSize());
        assertEquals(List.of(), old.valDatasets());
        assertEquals(0.1f, old.dropout());
        // an older run resumes with the loss, merge and batching it was trained with
        assertEquals(dev.tenor.train.Recipe.SEED, old.recipe());
        assertEquals(dev.tenor.train.TrainingLoss.Kind.TRIPLET, old.loss());
        assertTrue(old.mergeAlpha().none());
        assertFalse(old.groupByLength());
        Files.writeString(dir.resolve("args.json"), "{\"base\":\"m\",\"triplets\":\"t.jsonl\",\"out\":\"" + dir
                + "\",\"batch_size\":0}");
        BadInputException bad = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> TrainConfigFile.read(dir));
        assertEquals(dir.resolve("args.json") + ": invalid training arguments: --batch-size: must be between 1 and "
                + "4096 (got 0)", bad.getMessage());
    }

    @Test
    void badValuesNameTheFlag() {
        CommandLine cl = TenorCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(1, cl.execute("train", "--triplets", dir.resolve("t.jsonl").toString(), "--out",
                dir.resolve("r").toString(), "--max-seq-length", "1024"));
        assertEquals("tenor: --max-seq-length: must be between 8 and 512 (got 1024)", err.toString().strip());
        for (String[] bad : new String[][] {
                {"--loss", "hinge", "tenor: --loss: 'hinge' is not one of triplet, cosine-triplet, mnrl"},
                {"--merge-alpha", "1.5", "tenor: --merge-alpha: must be none, auto or a number between 0 and 1 (got 1.5)"}}) {
            StringWriter e = new StringWriter();
            cl.setErr(new PrintWriter(e));
            assertEquals(1, cl.execute("train", "--triplets", dir.resolve("t.jsonl").toString(), "--out",
                    dir.resolve("r").toString(), bad[0], bad[1]));
            assertEquals(bad[2], e.toString().strip());
            assertFalse(Files.exists(dir.resolve("r")), "nothing written for " + bad[0]);
        }
    }
}
