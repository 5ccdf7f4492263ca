package dev.tenor.cli;

import dev.tenor.attention.EntityShift;
import dev.tenor.attention.EntityShiftJson;
import dev.tenor.attention.MeanInterval;
import dev.tenor.data.FewRelData;
import dev.tenor.data.FewRelReader;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tenor attention shift}: the share of attention on FewRel's entity tokens, per model and layer. */
@Command(name = "shift", mixinStandardHelpOptions = true,
        description = {"Share of attention on FewRel's head and tail entity tokens, per layer, for each model.",
                "For each layer and the rollout: the mean share over sentences with its 95%% interval, per model (the "
                        + "first is the base), the paired change of each other model against it, and the same for the "
                        + "tokens the base attends to most. Prints a table on standard error and JSON (to standard "
                        + "output or --output)."})
public final class AttentionShiftCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "A built-in model, a model in the store or a model folder; repeat: the first is the base, "
                    + "the others are compared with it. Default: all-MiniLM-L6-v2.")
    List<String> models = new ArrayList<>();

    @Option(names = "--fewrel", paramLabel = "FILE",
            description = "A FewRel JSON file. Default: val_wiki.json in the shared data (its 16 relations are not in "
                    + "the training file).")
    Path fewrel;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "Sentences measured, taken round-robin over the relations. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--per-sentence", description = "Also write each sentence's tokens, entity tokens and shares.")
    boolean perSentence;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the JSON here instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (limit < 1) {
            throw new BadInputException("--limit must be at least 1, got " + limit);
        }
        Path file = fewrel != null ? fewrel : TenorPaths.current().sharedData().resolve("fewrel/val_wiki.json");
        List<String> names = models.isEmpty() ? List.of(BuiltinModel.DEFAULT.modelName()) : models;
        long start = System.nanoTime();
        FewRelData data = FewRelReader.read(file);
        List<EntityShift.Sample> samples = EntityShift.sample(data, limit);
        if (samples.isEmpty()) {
            throw BadInputException.of(file, "holds no valid FewRel instance");
        }
        List<SentenceEncoder> encoders = new ArrayList<>();
        EntityShift.Report report;
        try {
            for (String name : names) {
                ModelFolder folder;
                try (ProgressBar bar = new ProgressBar()) {
                    folder = ModelStore.current().resolve(name, bar);
                }
                encoders.add(SentenceEncoder.open(folder));
            }
            try (ProgressBar bar = new ProgressBar()) {
                report = EntityShift.measure(samples, names, encoders, bar, CancellationToken.NONE);
            }
        } finally {
            for (SentenceEncoder e : encoders) {
                e.close();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> json = EntityShiftJson.of(report, file.toString(), seconds, perSentence);
        printTable(report, seconds);
        if (output == null) {
            System.out.println(Json.pretty(json));
        } else {
            AtomicFiles.writeString(output, Json.pretty(json) + "\n");
            System.err.println("wrote the entity-attention shift of " + report.sentences() + " sentences to " + output);
        }
        return 0;
    }

    private static void printTable(EntityShift.Report r, double seconds) {
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-9s %-8s", "view", "uniform"));
        for (int m = 0; m < r.models().size(); m++) {
            head.append(String.format(Locale.ROOT, "  %-22s", "entity m" + (m + 1)));
        }
        for (int m = 1; m < r.models().size(); m++) {
            head.append(String.format(Locale.ROOT, "  %-24s", "m" + (m + 1) + "-m1 entity"));
            head.append(String.format(Locale.ROOT, "  %-24s", "m" + (m + 1) + "-m1 base-top"));
        }
        System.err.println(head.toString().stripTrailing());
        for (EntityShift.Row row : r.rows()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s %-8.4f", row.view(),
                    row.uniform().mean()));
            for (MeanInterval i : row.entity()) {
                line.append("  ").append(String.format(Locale.ROOT, "%-22s", format(i)));
            }
            for (int m = 0; m < row.entityDifference().size(); m++) {
                line.append("  ").append(String.format(Locale.ROOT, "%-24s", signed(row.entityDifference().get(m))));
                line.append("  ").append(String.format(Locale.ROOT, "%-24s", signed(row.baseTopDifference().get(m))));
            }
            System.err.println(line.toString().stripTrailing());
        }
        for (int m = 0; m < r.models().size(); m++) {
            System.err.println("m" + (m + 1) + " = " + r.models().get(m));
        }
        System.err.printf(Locale.ROOT, "%d sentences (%d left out: truncation cut an entity) in %.1f s%n",
                r.sentences(), r.truncated(), seconds);
    }

    private static String format(MeanInterval i) {
        return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", i.mean(), i.low(), i.high());
    }

    private static String signed(MeanInterval i) {
        return String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", i.mean(), i.low(), i.high());
    }
}
