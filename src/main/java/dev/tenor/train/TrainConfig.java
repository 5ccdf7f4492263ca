package dev.tenor.train;

import static dev.tenor.train.TrainOption.Section.ADVANCED;
import static dev.tenor.train.TrainOption.Section.DATA;
import static dev.tenor.train.TrainOption.Section.DEVICE;
import static dev.tenor.train.TrainOption.Section.SELECTION;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run needs, and the one definition of {@code tenor train}'s options: each component's
 * {@link TrainOption} gives its flag, label, default, range and help, from which {@link TrainOptions} builds
 * the command line, the workbench form, {@code args.json} and a child process's arguments. Build one with
 * {@link TrainOptions#build} or {@link #defaults}, change one with {@link #with}: both validate.
 */
public record TrainConfig(
        @TrainOption(flag = "--base", label = "Base model", section = DATA, defaultValue = "all-MiniLM-L6-v2",
                paramLabel = "MODEL", help = "The model to fine-tune: a built-in name, a store name or a model folder.")
        String base,
        @TrainOption(flag = "--triplets", label = "Triplets", section = DATA, required = true, paramLabel = "FILE|DIR",
                help = "Training triplets: triplets.jsonl, or a dataset folder from `tenor dataset build`.")
        Path triplets,
        @TrainOption(flag = "--dev", label = "Dev triplets", section = DATA, paramLabel = "FILE",
                help = "Held-out triplets for the triplet dev accuracy; default: dev.jsonl beside the triplets.")
        Path dev,
        @TrainOption(flag = "--out", label = "Run folder", section = DATA, required = true, paramLabel = "DIR",
                help = "Where args.json, metrics.jsonl, checkpoints and model/ go; default: a new folder in "
                        + "models/runs/.")
        Path out,
        @TrainOption(flag = "--recipe", label = "Recipe", defaultValue = "tenor",
                help = "Defaults to start from: tenor (chosen from the recipe comparison, docs/recipes.md) or seed "
                        + "(the seed scripts' TripletLoss recipe); options given explicitly win.")
        Recipe recipe,
        @TrainOption(flag = "--epochs", label = "Epochs", defaultValue = "4", min = 1, max = 1000,
                help = "Passes over the training triplets.")
        int epochs,
        @TrainOption(flag = "--max-steps", label = "Max steps", defaultValue = "0", min = 0, max = 10_000_000,
                help = "Stop after this many optimiser steps (0: all epochs); also the schedule's length when "
                        + "smaller.")
        int maxSteps,
        @TrainOption(flag = "--batch-size", label = "Batch size", defaultValue = "32", min = 1, max = 4096,
                help = "Triplets per optimiser step.")
        int batchSize,
        @TrainOption(flag = "--max-seq-length", label = "Max seq length", defaultValue = "128", min = 8, max = 512,
                help = "Tokens read per sentence while training (the seed scripts used 512; 128 is fast on a CPU).")
        int maxSeqLength,
        @TrainOption(flag = "--lr", label = "Learning rate", defaultValue = "2e-5", min = 1e-9, max = 1,
                help = "Peak learning rate of AdamW.")
        double lr,
        @TrainOption(flag = "--warmup", label = "Warm-up share", defaultValue = "0.1", min = 0, max = 1,
                help = "Share of the steps with a linear warm-up; then linear decay.")
        double warmup,
        @TrainOption(flag = "--weight-decay", label = "Weight decay", defaultValue = "0.01", min = 0, max = 10,
                section = ADVANCED, help = "AdamW's decoupled weight decay (none on biases and LayerNorm).")
        double weightDecay,
        @TrainOption(flag = "--max-grad-norm", label = "Gradient clip", defaultValue = "1.0", min = 0, max = 1000,
                section = ADVANCED, help = "Gradient-norm clipping threshold; 0: off.")
        double maxGradNorm,
        @TrainOption(flag = "--margin", label = "Margin", defaultValue = "0.5", min = 0, max = 100,
                help = "TripletLoss margin: relu(d(a,p) - d(a,n) + margin).")
        float margin,
        @TrainOption(flag = "--distance", label = "Distance", defaultValue = "euclidean",
                help = "Distance in the triplet loss.")
        Distance distance,
        @TrainOption(flag = "--loss", label = "Loss", defaultValue = "triplet", seedValue = "triplet",
                help = "triplet (TripletLoss on --distance), cosine-triplet (TripletLoss on cosine distance) or mnrl "
                        + "(MultipleNegativesRankingLoss, each triplet's negative a hard negative).")
        TrainingLoss.Kind loss,
        @TrainOption(flag = "--scale", label = "MNRL scale", defaultValue = "20", min = 0.01, max = 1000,
                section = ADVANCED, help = "mnrl's similarity scale (sentence-transformers' 20).")
        float scale,
        @TrainOption(flag = "--seed", label = "Seed", defaultValue = "42",
                help = "The one seed shuffling, dropout and every other random choice derive from.")
        long seed,
        @TrainOption(flag = "--checkpoint-every", label = "Checkpoint every", defaultValue = "500", min = 0,
                max = 10_000_000, section = SELECTION,
                help = "Save a checkpoint every N steps (and at each epoch end); 0: only at epoch ends.")
        int checkpointEvery,
        @TrainOption(flag = "--keep", label = "Keep checkpoints", defaultValue = "3", min = 1, max = 1000,
                section = SELECTION, help = "Recent checkpoints kept (the best one is always kept too).")
        int keep,
        @TrainOption(flag = "--device", label = "Device", defaultValue = "cpu", section = DEVICE,
                help = "cpu, gpu:N, a list gpu:0,gpu:1, or gpus (all, data parallel; cpu,cpu tries that path without a "
                        + "GPU). See `tenor devices`.")
        String device,
        @TrainOption(flag = "--select", label = "Final model", defaultValue = "best", section = SELECTION,
                help = "best: the checkpoint whose smallest val_top1 gain over the base across the validation "
                        + "sets is largest (ties: the mean) becomes model/; last: the last one.")
        Selection select,
        @TrainOption(flag = "--validate-every", label = "Validate every", defaultValue = "0", min = -1,
                max = 10_000_000, section = SELECTION,
                help = "Intent validation (val_top1) every N steps, and at epoch ends and the last step; 0: auto (about "
                        + "ten a run, at least 50 steps apart); -1: never.")
        int validateEvery,
        @TrainOption(flag = "--dropout", label = "Dropout", defaultValue = "0.1", min = 0, max = 0.9,
                section = ADVANCED, help = "Dropout while training (BERT's 0.1).")
        float dropout,
        @TrainOption(flag = "--val-dataset", label = "Validation sets", section = SELECTION, paramLabel = "DIR",
                help = "Intent dataset(s) for val_top1 (validation split against train); repeatable. Default: "
                        + "MTOP English in ../shared/data.")
        List<Path> valDatasets,
        @TrainOption(flag = "--merge-alpha", label = "Merge with base", defaultValue = "none", seedValue = "none",
                section = SELECTION, paramLabel = "none|auto|X",
                help = "Interpolate the selected model with its base (WiSE-FT): X in [0, 1] is the trained "
                        + "weights' share; auto tries 0.1 ... 1.0 on the validation sets and keeps the best.")
        MergeAlpha mergeAlpha,
        @TrainOption(flag = "--group-by-length", label = "Group by length", defaultValue = "false",
                seedValue = "false", paramLabel = "true|false",
                help = "Batches of similar length drawn from a shuffled window of 50 batches: less padding, "
                        + "faster steps.")
        boolean groupByLength) {

    /** Which checkpoint the run's final model is. */
    public enum Selection { BEST, LAST }

    public TrainConfig {
        valDatasets = valDatasets == null ? List.of() : List.copyOf(valDatasets);
    }

    /** Every option at its default, with the given inputs and run folder. */
    public static TrainConfig defaults(String base, Path triplets, Path dev, Path out) {
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        m.put("base", base);
        m.put("triplets", triplets);
        m.put("dev", dev);
        m.put("out", out);
        return TrainOptions.build(m);
    }

    /** This configuration with one option changed (by component name; a typed value or its text), validated. */
    public TrainConfig with(String option, Object value) {
        java.util.Map<String, Object> m = TrainOptions.values(this);
        TrainOptions.spec(option); // fails on an unknown name
        m.put(option, value);
        return TrainOptions.build(m);
    }

    /** The triplet file a {@code --triplets} value names: the file itself, or a dataset folder's triplets.jsonl. */
    public static Path tripletFile(Path fileOrFolder) {
        return Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve("triplets.jsonl") : fileOrFolder;
    }

    /** The dev file used when none is named: dev.jsonl beside the triplets, or null when there is none. */
    public static Path devBeside(Path tripletFile) {
        Path dev = tripletFile.resolveSibling("dev.jsonl");
        return Files.isRegularFile(dev) ? dev : null;
    }
}
