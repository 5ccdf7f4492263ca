package dev.tenor.cli;

import dev.tenor.data.Triplet;
import dev.tenor.data.TripletFile;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.Devices;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.train.Checkpoints;
import dev.tenor.train.Distance;
import dev.tenor.train.IntentValidation;
import dev.tenor.train.MetricsLog;
import dev.tenor.train.RunFiles;
import dev.tenor.train.StopFile;
import dev.tenor.train.TrainingStop;
import dev.tenor.train.TrainConfig;
import dev.tenor.train.TrainConfigFile;
import dev.tenor.train.TrainingEvent;
import dev.tenor.train.TripletTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tenor train}: triplet fine-tuning, the same code the workbench runs as a child process. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Fine-tune a sentence-embedding model on triplets (TripletLoss, AdamW, linear warm-up).",
                "Writes a run folder: args.json, metrics.jsonl (also printed to stdout), checkpoints/step-N/, model/.",
                "Stop a run with Ctrl-C, SIGTERM or a file named STOP in the run folder: it saves a checkpoint "
                        + "and exits; continue it with --resume RUN_FOLDER."})
public final class TrainCommand implements Callable<Integer> {

    private final Interrupts interrupts;

    public TrainCommand(Interrupts interrupts) {
        this.interrupts = interrupts;
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--base", defaultValue = "all-MiniLM-L6-v2",
            description = "Base model: built-in name, store name or folder. Default: ${DEFAULT-VALUE}.")
    String base;

    @Option(names = "--triplets", paramLabel = "FILE|DIR",
            description = "Training triplets (triplets.jsonl, or a dataset folder from `tenor dataset build`).")
    Path triplets;

    @Option(names = "--dev", paramLabel = "FILE",
            description = "Dev triplets for the triplet accuracy (default: dev.jsonl beside the training file).")
    Path dev;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: models/runs/<date>-<base>).")
    Path out;

    @Option(names = "--epochs", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after N optimiser steps (0: all epochs).")
    int maxSteps;

    @Option(names = "--batch-size", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--max-seq-length", defaultValue = "128",
            description = "Truncation while training (the seed scripts used 512; 128 is fast on CPU). Default: ${DEFAULT-VALUE}.")
    int maxSeqLength;

    @Option(names = "--lr", defaultValue = "2e-5", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--warmup", defaultValue = "0.1", description = "Share of steps warming up. Default: ${DEFAULT-VALUE}.")
    double warmup;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "Gradient clipping (0: off). Default: ${DEFAULT-VALUE}.")
    double maxGradNorm;

    @Option(names = "--margin", defaultValue = "0.5", description = "Triplet margin. Default: ${DEFAULT-VALUE}.")
    float margin;

    @Option(names = "--distance", defaultValue = "euclidean",
            description = "euclidean, cosine or manhattan. Default: ${DEFAULT-VALUE}.")
    Distance distance;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "500",
            description = "Checkpoint every N steps (and at each epoch end). Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--keep", defaultValue = "3", description = "Checkpoints kept (plus the best). Default: ${DEFAULT-VALUE}.")
    int keep;

    @Option(names = "--device", defaultValue = "cpu",
            description = "cpu, gpu:N, a list gpu:0,gpu:1, or gpus (all). See `tenor devices`. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--select", defaultValue = "best",
            description = "best (highest val_top1) or last checkpoint becomes model/. Default: ${DEFAULT-VALUE}.")
    TrainConfig.Selection select;

    @Option(names = "--validate-every", defaultValue = "0",
            description = "Intent validation (val_top1) every N steps; 0: at epoch ends; -1: never. Default: ${DEFAULT-VALUE}.")
    int validateEvery;

    @Option(names = "--val-dataset", paramLabel = "DIR",
            description = "Intent dataset for val_top1 (validation split against train). Default: MTOP English in ../shared/data.")
    Path valDataset;

    @Option(names = "--dropout", defaultValue = "0.1", description = "Dropout while training. Default: ${DEFAULT-VALUE}.")
    float dropout;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue a run: its folder (newest checkpoint) or a checkpoints/step-N folder.")
    Path resume;

    @Option(names = "--overwrite", description = "Replace an existing run folder.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        TrainConfig cfg;
        Path checkpoint = null;
        if (resume != null && Checkpoints.neverTrained(resume)) {
            // stopped or killed before its first checkpoint: start it again in place, with its own arguments
            TrainConfig saved = TrainConfigFile.read(resume);
            cfg = withDevice(saved, spec.commandLine().getParseResult().hasMatchedOption("--device") ? device
                    : saved.device());
            System.err.println("tenor train: " + resume + " has no checkpoint yet; starting it again from the base");
            clearRunFolder(cfg.out());
        } else if (resume != null) {
            checkpoint = Checkpoints.resolveResume(resume);
            TrainConfig saved = TrainConfigFile.read(Checkpoints.runOf(checkpoint));
            cfg = withDevice(saved, spec.commandLine().getParseResult().hasMatchedOption("--device") ? device
                    : saved.device());
        } else {
            if (triplets == null) {
                throw new BadInputException("--triplets is required (a triplets.jsonl file or a dataset folder); "
                        + "build one with `tenor dataset build`");
            }
            Path tripletFile = Files.isDirectory(triplets) ? triplets.resolve("triplets.jsonl") : triplets;
            Path devFile = dev != null ? dev : tripletFile.resolveSibling("dev.jsonl");
            Path runDir = out != null ? out : defaultRunFolder();
            cfg = new TrainConfig(base, tripletFile, Files.exists(devFile) ? devFile : null, runDir, epochs, maxSteps,
                    batchSize, maxSeqLength, lr, warmup, weightDecay, maxGradNorm, margin, distance, seed,
                    checkpointEvery, keep, device, select, validateEvery, dropout);
            prepareRunFolder(runDir);
        }
        Devices.parse(cfg.device()); // fail early on a GPU choice without a GPU
        List<Triplet> train = TripletFile.read(cfg.triplets());
        List<Triplet> devTriplets = cfg.dev() == null ? List.of() : TripletFile.read(cfg.dev());
        ModelFolder baseFolder = ModelStore.current().resolve(cfg.base(), new ProgressBar());
        ModelFolder start = checkpoint != null ? ModelFolder.open(checkpoint) : baseFolder;
        if (checkpoint == null) {
            TrainConfigFile.write(cfg.out(), cfg, spec.commandLine().getParseResult().originalArgs());
        }
        IntentValidation validation = cfg.validateEvery() < 0 ? null : Validations.forTraining(valDataset);
        interrupts.handleUrgentStops("finishing the step in flight, then saving a checkpoint (again: stop at once)",
                "abandoning the step in flight; the checkpoint keeps the last finished step");
        TrainingStop stop = new TrainingStop(interrupts.token(), interrupts.urgent());
        boolean terminal = System.console() != null;
        try (StopFile ignored = new StopFile(cfg.out(), stop.token());
             ProgressBar bar = terminal ? new ProgressBar() : null) {
            long total = TripletTrainer.totalSteps(cfg, train.size());
            Consumer<TrainingEvent> print = e -> {
                System.out.println(MetricsLog.line(e));
                if (bar != null && e.has("loss")) {
                    bar.progress((long) e.number("step"), total, String.format("loss %.4f", e.number("loss")));
                }
            };
            TripletTrainer trainer = new TripletTrainer(cfg, start, baseFolder.dir(), train, devTriplets, validation,
                    print, stop);
            TripletTrainer.Result r = trainer.run(checkpoint);
            if (bar != null) {
                bar.close();
            }
            if (!r.stopped()) {
                System.err.println("done: " + r.state().step() + " steps; model in " + r.model());
                return 0;
            }
            System.err.println(r.model() == null
                    ? "stopped before the first step: nothing to checkpoint (run it again with --resume " + cfg.out()
                            + ")"
                    : "stopped at step " + r.state().step() + "; checkpoint " + r.model() + " (continue with --resume "
                            + cfg.out() + ")");
            // a STOP file is an ordinary way to end a run; a signal says so in the exit code
            return interrupts.signalled() ? interrupts.stoppedExitCode() : 0;
        }
    }

    private static TrainConfig withDevice(TrainConfig c, String device) {
        return new TrainConfig(c.base(), c.triplets(), c.dev(), c.out(), c.epochs(), c.maxSteps(), c.batchSize(),
                c.maxSeqLength(), c.lr(), c.warmup(), c.weightDecay(), c.maxGradNorm(), c.margin(), c.distance(),
                c.seed(), c.checkpointEvery(), c.keep(), device, c.select(), c.validateEvery(), c.dropout());
    }

    private Path defaultRunFolder() {
        String name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + Path.of(base).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return TenorPaths.current().runs().resolve(name);
    }

    /** Empties a run folder that holds no trained step (its arguments, log and metrics of step 0). */
    private static void clearRunFolder(Path runDir) throws IOException {
        try (var s = Files.list(runDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                // a launcher may be writing the log; a stop request is for this run
                if (!name.equals(RunFiles.LOG) && !name.equals(RunFiles.STOP)) {
                    AtomicFiles.deleteTree(p);
                }
            }
        }
    }

    private void prepareRunFolder(Path runDir) throws IOException {
        if (Files.exists(runDir)) {
            boolean empty;
            try (var s = Files.list(runDir)) {
                // a stop request or a launcher's log may come before the trainer: neither is a run
                empty = s.map(p -> p.getFileName().toString())
                        .allMatch(n -> n.equals(RunFiles.STOP) || n.equals(RunFiles.LOG));
            }
            if (!empty && Checkpoints.neverTrained(runDir)) {
                clearRunFolder(runDir); // an earlier attempt that trained no step: nothing to lose
                return;
            }
            if (!empty) {
                if (!overwrite) {
                    throw BadInputException.of(runDir, "the run folder exists; use --overwrite to replace it or "
                            + "--resume to continue it");
                }
                AtomicFiles.deleteTree(runDir);
            }
        }
        Files.createDirectories(runDir);
    }
}
