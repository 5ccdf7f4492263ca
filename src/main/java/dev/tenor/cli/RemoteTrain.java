package dev.tenor.cli;

import dev.tenor.io.TenorPaths;
import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelStore;
import dev.tenor.remote.ModelFetch;
import dev.tenor.remote.RemoteHost;
import dev.tenor.remote.RemoteRun;
import dev.tenor.remote.RemoteWorkspace;
import dev.tenor.remote.SshConnection;
import dev.tenor.remote.RunMirror;
import dev.tenor.remote.Uploads;
import dev.tenor.task.ProgressListener;
import dev.tenor.train.TrainConfig;
import dev.tenor.train.TrainOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code tenor train --remote HOST}: uploads what the run needs that the host lacks, starts the host's
 * {@code tenor train} detached, and follows it with the output of a local run.
 */
final class RemoteTrain {

    private final CommandSpec spec;
    private final Interrupts interrupts;

    RemoteTrain(CommandSpec spec, Interrupts interrupts) {
        this.spec = spec;
        this.interrupts = interrupts;
    }

    int run(String hostName, String remoteDir, Path resume, boolean overwrite, boolean detach, Path mirrorDir)
            throws Exception {
        RemoteHost host = RemoteSupport.host(hostName);
        SshConnection ssh = RemoteSupport.connect(host);
        RemoteRun run;
        RemoteWorkspace ws;
        long offset = 0;
        try {
            ws = RemoteWorkspace.open(ssh, remoteDir);
            String version = ws.tenorVersion();
            List<String> args = new ArrayList<>();
            if (resume != null) {
                run = ws.run(resume.toString());
                args.addAll(List.of("--resume", run.dir()));
                ParseResult parsed = spec.commandLine().getParseResult();
                if (parsed.hasMatchedOption("--device")) {
                    args.add("--device=" + parsed.matchedOptionValue("--device", "cpu"));
                }
                offset = Math.max(0, ssh.size(run.metrics())); // the resumed run may rewrite it: see MetricsFollower
            } else {
                Uploads uploads = new Uploads(ws);
                run = ws.run(runName());
                args.addAll(uploadedArguments(uploads, run));
                if (overwrite) {
                    args.add("--overwrite");
                }
                Uploads.Tally t = uploads.tally();
                System.err.printf(java.util.Locale.ROOT, "uploaded %d files (%.1f MB) to %s, %d already there%n",
                        t.sent(), t.bytesSent() / 1e6, host.name(), t.skipped());
            }
            run.start(ws, args);
            System.err.println("started " + run.name() + " on " + host.name() + " (" + version + ") in " + run.dir()
                    + "; it runs on when this machine disconnects: `tenor remote attach " + host.name() + " "
                    + run.name() + "`");
        } catch (IOException | RuntimeException e) {
            ssh.close();
            throw e;
        }
        if (detach) {
            ssh.close();
            System.out.println(run.name());
            return 0;
        }
        RunMirror mirror = mirrorDir == null ? null : new RunMirror(mirrorDir, host, run);
        try {
            if (mirror != null) {
                awaitArgs(ssh, run);
                mirror.copyArgs(ssh, run);
            }
            int code = RemoteSupport.follow(host, ssh, run, offset, interrupts.token(), mirror);
            if (code < 0) {
                return interrupts.stoppedExitCode();
            }
            try (SshConnection again = RemoteSupport.connect(host)) {
                RemoteWorkspace after = RemoteWorkspace.open(again, remoteDir);
                if (mirror != null && code == 0 && again.exec("test -d " + SshConnection.quote(run.dir() + "/model"))
                        .ok()) {
                    ModelFetch fetch = new ModelFetch(after);
                    fetch.fetch(run, "model", mirror.dir().resolve("model"));
                    System.err.println("fetched the model into " + mirror.dir().resolve("model") + " ("
                            + fetch.tally().downloaded() + " files, sha256 checked)");
                }
                return RemoteSupport.finish(host, after, run, code);
            }
        } finally {
            if (mirror != null) {
                mirror.close();
            }
        }
    }

    /** Waits for the trainer there to write its args.json (or to end first). */
    private static void awaitArgs(SshConnection ssh, RemoteRun run) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
        while (ssh.size(run.dir() + "/" + dev.tenor.train.RunFiles.ARGS) < 0 && run.exitCode(ssh) == null) {
            if (System.nanoTime() > deadline) {
                throw new dev.tenor.remote.RemoteException("the run " + run.dir() + " on " + ssh.host().name()
                        + " did not start within 5 minutes; its log ends:\n" + run.logTail(ssh, 15));
            }
            Thread.sleep(200);
        }
    }

    /** The run folder's name there: --out's last part, or a new {@code <time>-<base>} name. */
    private String runName() {
        Object out = spec.findOption("--out").getValue();
        if (out != null) {
            return out.toString();
        }
        Object base = spec.findOption("--base").getValue();
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + Path.of(String.valueOf(base)).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The options given, with local files and folders replaced by their uploaded copies. */
    private List<String> uploadedArguments(Uploads uploads, RemoteRun run) throws IOException {
        ParseResult parsed = spec.commandLine().getParseResult();
        List<String> args = new ArrayList<>(List.of("--out", run.dir()));
        Object tripletsGiven = spec.findOption("--triplets").getValue();
        if (tripletsGiven == null) {
            throw new dev.tenor.io.BadInputException("--triplets is required (a triplets.jsonl file or a dataset "
                    + "folder); build one with `tenor dataset build`");
        }
        Path triplets = TrainConfig.tripletFile(Path.of(tripletsGiven.toString()));
        args.addAll(List.of("--triplets", uploads.file(triplets)));
        Object dev = spec.findOption("--dev").getValue();
        Path devFile = dev != null ? Path.of(dev.toString()) : TrainConfig.devBeside(triplets);
        if (devFile != null && Files.isRegularFile(devFile)) {
            args.addAll(List.of("--dev", uploads.file(devFile)));
        }
        for (TrainOptions.Spec s : TrainOptions.ALL) {
            if (!parsed.hasMatchedOption(s.flag())) {
                continue;
            }
            Object v = spec.findOption(s.flag()).getValue();
            switch (s.name()) {
                case "triplets", "dev", "out" -> { }
                case "base" -> args.add("--base=" + base(uploads, v.toString()));
                case "valDatasets" -> {
                    for (Object d : (List<?>) v) {
                        args.add("--val-dataset=" + uploads.folder(Path.of(d.toString())));
                    }
                }
                default -> {
                    if (v instanceof List<?> list) {
                        list.forEach(x -> args.add(s.flag() + "=" + x));
                    } else {
                        args.add(s.flag() + "=" + v);
                    }
                }
            }
        }
        Object validateEvery = spec.findOption("--validate-every").getValue();
        if (!parsed.hasMatchedOption("--val-dataset") && !"-1".equals(String.valueOf(validateEvery).strip())) {
            // the host's default sets may be missing: send this machine's defaults
            Path shared = TenorPaths.current().sharedData();
            for (String set : Validations.DEFAULT_SETS) {
                if (Files.isDirectory(shared.resolve(set))) {
                    args.add("--val-dataset=" + uploads.folder(shared.resolve(set)));
                }
            }
        }
        return args;
    }

    /** A built-in model by name (the host imports its own), any other model as an uploaded folder. */
    private static String base(Uploads uploads, String base) throws IOException {
        if (BuiltinModel.find(base).isPresent()) {
            return base;
        }
        Path dir = ModelStore.current().resolve(base, ProgressListener.NONE).dir();
        return uploads.folder(dir);
    }
}
