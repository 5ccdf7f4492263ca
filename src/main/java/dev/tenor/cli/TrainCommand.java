package dev.tenor.cli;

import dev.tenor.data.Triplet;
import dev.tenor.data.TripletFile;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.model.Devices;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import dev.tenor.train.Checkpoints;
import dev.tenor.train.IntentValidation;
import dev.tenor.train.MetricsLog;
import dev.tenor.train.RunFiles;
import dev.tenor.train.RunFolders;
import dev.tenor.train.StopFile;
import dev.tenor.train.TrainingStop;
import dev.tenor.train.TrainConfig;
import dev.tenor.train.TrainConfigFile;
import dev.tenor.train.TrainOptions;
import dev.tenor.train.TrainingEvent;
import dev.tenor.train.TripletTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code tenor train}: triplet fine-tuning, the same code the workbench runs as a child process. */
@Command(name = "train", mixinStandardHelpOptions = true, modelTransformer = TrainCommand.Options.class,
        description = {"Fine-tune a sentence-embedding model on triplets (TripletLoss, AdamW, linear warm-up).",
                "Writes a run folder: args.json, metrics.jsonl (also printed to stdout), checkpoints/step-N/, model/.",
                "Stop a run with Ctrl-C, SIGTERM or a file named STOP in the run folder: it saves a checkpoint "
                        + "and exits; continue it with --resume RUN_FOLDER."})
public final class TrainCommand implements Callable<Integer> {

    /** Adds one option per {@link TrainConfig} component, so the command line is built from the config. */
    public static final class Options implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            for (TrainOptions.Spec s : TrainOptions.ALL) {
                OptionSpec.Builder o = OptionSpec.builder(s.flag()).paramLabel(s.paramLabel())
                        .description(s.fullHelp().replace("%", "%%"));
                if (s.repeatable()) {
                    o.type(List.class).auxiliaryTypes(String.class);
                } else if (s.flagOnly()) {
                    o.type(String.class).arity("0..1").fallbackValue("true");
                } else {
                    o.type(String.class);
                }
                if (s.hasDefault()) {
                    o.defaultValue(s.defaultValue());
                }
                if (!s.choices().isEmpty()) {
                    o.completionCandidates(s.choices());
                }
                command.addOption(o.build());
            }
            return command;
        }
    }

    private final Interrupts interrupts;

    public TrainCommand(Interrupts interrupts) {
        this.interrupts = interrupts;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue a run: its folder (newest checkpoint) or a checkpoints/step-N folder.")
    Path resume;

    @Option(names = "--overwrite", description = "Replace an existing run folder.")
    boolean overwrite;

    @Option(names = "--remote", paramLabel = "HOST", description = "Run on a host of `tenor remote add`: upload what "
            + "it lacks, start it there detached, follow it here (--out and --resume then name its run folder there).")
    String remote;

    @Option(names = "--remote-dir", paramLabel = "DIR", description = "With --remote: the Tenor folder there "
            + "(uploads, runs/). Default: the host's.")
    String remoteDir;

    @Option(names = "--detach", description = "With --remote: start the run, print its name and return.")
    boolean detach;

    @Option(names = "--mirror", paramLabel = "DIR", description = "With --remote: keep a local copy of the run "
            + "folder here (args.json, metrics.jsonl live, model/ fetched at the end); a STOP file here stops the run.")
    Path mirror;

    @Override
    public Integer call() throws Exception {
        if (remote != null) {
            return new RemoteTrain(spec, interrupts).run(remote, remoteDir, resume, overwrite, detach, mirror);
        }
        TrainConfig cfg;
        Path checkpoint = null;
        if (resume != null && Checkpoints.neverTrained(resume)) {
            // stopped or killed before its first checkpoint: start it again in place, with its own arguments
            TrainConfig saved = TrainConfigFile.read(resume);
            cfg = withDeviceGiven(saved);
            System.err.println("tenor train: " + resume + " has no checkpoint yet; starting it again from the base");
            clearRunFolder(cfg.out());
        } else if (resume != null) {
            checkpoint = Checkpoints.resolveResume(resume);
            TrainConfig saved = TrainConfigFile.read(Checkpoints.runOf(checkpoint));
            cfg = withDeviceGiven(saved);
        } else {
            Map<String, Object> given = given();
            if (given.get("triplets") == null) {
                throw new BadInputException("--triplets is required (a triplets.jsonl file or a dataset folder); "
                        + "build one with `tenor dataset build`");
            }
            Path tripletFile = TrainConfig.tripletFile(Path.of((String) given.get("triplets")));
            given.put("triplets", tripletFile);
            if (given.get("dev") == null) {
                given.put("dev", TrainConfig.devBeside(tripletFile));
            }
            if (given.get("out") == null) {
                given.put("out", RunFolders.current().newRunFolder((String) given.get("base"), LocalDateTime.now()));
            }
            cfg = TrainOptions.build(given);
            prepareRunFolder(cfg.out());
        }
        Devices.parse(cfg.device()); // fail early on a GPU choice without a GPU
        List<Triplet> train = TripletFile.read(cfg.triplets());
        List<Triplet> devTriplets = cfg.dev() == null ? List.of() : TripletFile.read(cfg.dev());
        ModelFolder baseFolder = ModelStore.current().resolve(cfg.base(), new ProgressBar());
        ModelFolder start = checkpoint != null ? ModelFolder.open(checkpoint) : baseFolder;
        if (checkpoint == null) {
            TrainConfigFile.write(cfg.out(), cfg, spec.commandLine().getParseResult().originalArgs());
        }
        IntentValidation validation = cfg.validateEvery() < 0 ? null : Validations.forTraining(cfg.valDatasets());
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

    /** A saved run's configuration, on the device given now (the one option a resumed run may change). */
    private TrainConfig withDeviceGiven(TrainConfig saved) {
        ParseResult parsed = spec.commandLine().getParseResult();
        return parsed.hasMatchedOption("--device") ? saved.with("device", parsed.matchedOptionValue("--device", "cpu"))
                : saved;
    }

    /** The training options as given (or defaulted) on the command line, by {@link TrainConfig} component. */
    private Map<String, Object> given() {
        Map<String, Object> m = new HashMap<>();
        for (TrainOptions.Spec s : TrainOptions.ALL) {
            Object v = spec.findOption(s.flag()).getValue();
            if (v != null) {
                m.put(s.name(), v);
            }
        }
        return m;
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
