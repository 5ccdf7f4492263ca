package dev.tenor.train;

import ai.djl.Device;
import dev.tenor.io.AtomicFiles;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.SentenceEncoder;
import dev.tenor.model.WeightMerge;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code --merge-alpha} at the end of a run: the selected model interpolated with its base (WiSE-FT). With
 * {@code auto}, α = 0.1 ... 0.9 are measured on the validation sets like the training steps (α = 1 is the
 * selected model, already measured) and the best by the same rule wins: the largest smallest gain over the
 * base, ties broken by the mean.
 */
final class BaseMerge {

    /** The α values {@code auto} tries below 1. */
    static final double[] AUTO_ALPHAS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    private BaseMerge() {
    }

    /** What was written: the α kept (1: the selected model unmerged) and its validation. */
    record Outcome(double alpha, double meanTop1, double minGain) {
    }

    /**
     * Writes {@code target} from the base and the selected model ({@code tuned}, a model folder).
     *
     * @param selected the selected model's validation (mean and smallest gain), the α = 1 candidate
     * @param minGain a validation's smallest gain over the base
     */
    static Outcome write(TrainConfig cfg, ModelFolder base, ModelFolder tuned, Path target, IntentValidation validation,
                         Outcome selected, ToDoubleFunction<Map<String, Double>> minGain, MetricsLog log, int step,
                         Device device, CancellationToken cancel, Map<String, Object> provenance) throws IOException {
        WeightMerge merge = WeightMerge.of(base, tuned);
        Outcome best = selected;
        if (cfg.mergeAlpha().auto()) {
            if (validation == null) {
                throw new TrainingException("--merge-alpha auto needs validation sets (--validate-every must not "
                        + "be -1, and --val-dataset or the shared MTOP data must exist)");
            }
            Path trial = Files.createTempDirectory(target.getParent(), ".merge-");
            try {
                // the selected model's own validation is known unless it was not the best step (--select last)
                double[] alphas = Double.isInfinite(selected.meanTop1())
                        ? java.util.stream.DoubleStream.concat(java.util.Arrays.stream(AUTO_ALPHAS),
                                java.util.stream.DoubleStream.of(1.0)).toArray() : AUTO_ALPHAS;
                for (double alpha : alphas) {
                    Path dir = trial.resolve("alpha-" + alpha);
                    ModelFolder merged = merge.write(alpha, dir, Map.of());
                    Map<String, Double> bySet;
                    try (SentenceEncoder encoder = SentenceEncoder.open(merged, device,
                            merged.settings().withMaxSeqLength(Math.min(cfg.maxSeqLength(),
                                    merged.config().maxPositions())))) {
                        bySet = validation.top1BySet(encoder, cancel);
                    }
                    double mean = bySet.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
                    double gain = minGain.applyAsDouble(bySet);
                    log.emit(TrainingEvent.of("step", step, "merge_alpha", alpha, "val_top1", mean,
                            "val_top1_by_set", bySet, "val_min_gain", gain));
                    if (gain > best.minGain() + 1e-12 || Math.abs(gain - best.minGain()) <= 1e-12
                            && mean > best.meanTop1()) {
                        best = new Outcome(alpha, mean, gain);
                    }
                    AtomicFiles.deleteTree(dir);
                }
            } catch (CancelledException e) {
                log.emit(TrainingEvent.of("event", "merge_stopped", "step", step, "message",
                        "the merge search was stopped; keeping the best α measured so far"));
            } finally {
                AtomicFiles.deleteTree(trial);
            }
        } else {
            best = new Outcome(cfg.mergeAlpha().value(), Double.NaN, Double.NaN);
        }
        if (best.alpha() >= 1.0) {
            TripletTrainer.copyModel(tuned.dir(), target);
        } else {
            Map<String, Object> p = new java.util.LinkedHashMap<>(provenance);
            p.put("merge_tuned_step", step);
            merge.write(best.alpha(), target, p);
        }
        log.emit(TrainingEvent.of("event", "merged", "step", step, "merge_alpha", best.alpha(), "model",
                target.toString()));
        return best;
    }
}
