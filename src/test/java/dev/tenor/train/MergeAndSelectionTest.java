package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.TestEnvironment;
import dev.tenor.data.IntentDataset;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.data.Triplet;
import dev.tenor.data.TripletBuilder;
import dev.tenor.data.TripletDataset;
import dev.tenor.data.TripletOptions;
import dev.tenor.eval.ValidationTop1;
import dev.tenor.io.Json;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.model.SafeTensors;
import dev.tenor.model.WeightMerge;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation on two intent sets and {@code --merge-alpha auto}: the events carry each set's top-1, the selected
 * step and α are the ones the rule picks when recomputed here from those events (largest smallest gain over the
 * base, ties by the mean), and {@code model/} holds exactly that merge of the base and the selected checkpoint.
 */
class MergeAndSelectionTest {

    @TempDir
    Path home;

    @Test
    void autoMergeKeepsTheAlphaTheRulePicks() throws Exception {
        IntentDataset mtop = IntentDatasetReader.read(TestEnvironment.needData(Path.of("../shared/data/mtop_intent/en")));
        IntentDataset atis = IntentDatasetReader.read(TestEnvironment.needData(Path.of("../shared/data/atis")));
        ModelFolder base = new ModelStore(new TenorPaths(home)).resolve(BuiltinModel.DEFAULT.modelName(),
                ProgressListener.NONE);
        Path data = home.resolve("data/small");
        new TripletBuilder(TripletOptions.defaults().withMaxPerRelation(4).withDevFraction(0))
                .buildFolder(TestEnvironment.needData(Path.of("../shared/data/fewrel/val_wiki.json")), null, data,
                        ProgressListener.NONE, CancellationToken.NONE);
        List<Triplet> triplets = TripletDataset.readTriplets(data);
        ValidationTop1.Settings small = new ValidationTop1.Settings(300, 60, 42, 64);
        IntentValidation validation = IntentValidation.all(List.of(new ValidationTop1(mtop, small),
                new ValidationTop1(atis, small)));
        Path out = home.resolve("runs/merge");
        TrainConfig cfg = TrainConfig.defaults(base.dir().toString(), data.resolve("triplets.jsonl"), null, out)
                .with("maxSteps", 4).with("batchSize", 8).with("maxSeqLength", 32).with("lr", 2e-4)
                .with("validateEvery", 2).with("checkpointEvery", 2).with("keep", 5).with("mergeAlpha", "auto")
                .with("loss", "mnrl");
        List<TrainingEvent> events = new ArrayList<>();
        TripletTrainer.Result r = new TripletTrainer(cfg, base, base.dir(), triplets, List.of(), validation,
                events::add, CancellationToken.NONE).run(null);

        List<TrainingEvent> steps = events.stream().filter(e -> e.has("val_top1") && !e.has("merge_alpha")).toList();
        List<TrainingEvent> merges = events.stream().filter(e -> e.has("val_top1") && e.has("merge_alpha")).toList();
        assertEquals(List.of(0.0, 2.0, 4.0), steps.stream().map(e -> e.number("step")).toList());
        assertEquals(List.of("mtop_intent/en", "atis"), List.copyOf(steps.get(0).numbers("val_top1_by_set").keySet()));
        assertEquals(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
                merges.stream().map(e -> e.number("merge_alpha")).toList());

        // the rule, recomputed from the events
        Map<String, Double> baseTop1 = steps.get(0).numbers("val_top1_by_set");
        TrainingEvent bestStep = null;
        double[] best = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (TrainingEvent e : steps) {
            double[] s = score(e, baseTop1);
            assertEquals(s[0], e.number("val_min_gain"), 1e-12);
            if (better(s, best)) {
                best = s;
                bestStep = e;
            }
        }
        int selected = (int) bestStep.number("step");
        double alpha = 1.0;
        for (TrainingEvent e : merges) {
            double[] s = score(e, baseTop1);
            if (better(s, best)) {
                best = s;
                alpha = e.number("merge_alpha");
            }
        }
        TrainingEvent done = events.get(events.size() - 1);
        assertEquals("done", done.get("event"));
        assertEquals(selected, (int) done.number("selected_step"));
        assertEquals(alpha, done.number("merge_alpha"), 1e-12);
        System.out.printf("selected step %d, alpha %.1f, score (min gain %.4f, mean %.4f)%n", selected, alpha,
                best[0], best[1]);

        if (selected > 0) {
            String name = "encoder.layer.3.output.dense.weight";
            float[] expected = WeightMerge.of(base, ModelFolder.open(out.resolve("checkpoints/step-" + selected)))
                    .weights(alpha).get(name).data();
            float[] saved = SafeTensors.read(r.model().resolve(ModelFolder.WEIGHTS)).tensors().get(name).data();
            for (int i = 0; i < expected.length; i += 997) {
                assertEquals(expected[i], saved[i], 0f, name + "[" + i + "]");
            }
            if (alpha < 1) {
                assertEquals(alpha, Json.read(r.model().resolve(ModelFolder.PROVENANCE)).path("merge_alpha")
                        .asDouble(), 1e-12);
            }
        }
        assertTrue(events.stream().anyMatch(e -> "merged".equals(e.get("event"))) || selected == 0);
    }

    private static double[] score(TrainingEvent e, Map<String, Double> baseTop1) {
        Map<String, Double> bySet = e.numbers("val_top1_by_set");
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (var s : bySet.entrySet()) {
            min = Math.min(min, s.getValue() - baseTop1.get(s.getKey()));
            sum += s.getValue();
        }
        return new double[] {min, sum / bySet.size()};
    }

    private static boolean better(double[] s, double[] best) {
        return s[0] > best[0] + 1e-12 || Math.abs(s[0] - best[0]) <= 1e-12 && s[1] > best[1];
    }
}
