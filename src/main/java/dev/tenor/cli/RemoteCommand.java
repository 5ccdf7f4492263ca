package dev.tenor.cli;

import dev.tenor.io.TenorPaths;
import dev.tenor.remote.ModelFetch;
import dev.tenor.remote.RemoteException;
import dev.tenor.remote.RemoteHost;
import dev.tenor.remote.RemoteHosts;
import dev.tenor.remote.RemoteRun;
import dev.tenor.remote.RemoteWorkspace;
import dev.tenor.remote.SshConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenor remote}: the hosts training can run on, and the runs there. */
@Command(name = "remote", mixinStandardHelpOptions = true,
        description = {"Hosts to train on over SSH (a GPU server), and their runs: `tenor train --remote HOST ...` "
                + "starts one.", "Keys only (a key file or ~/.ssh's), never a password; host keys are checked "
                + "against ~/.ssh/known_hosts."},
        subcommands = {RemoteCommand.Add.class, RemoteCommand.ListHosts.class, RemoteCommand.Remove.class,
                RemoteCommand.Check.class, RemoteCommand.Attach.class, RemoteCommand.Stop.class,
                RemoteCommand.Fetch.class})
public final class RemoteCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a host (or replace the one of that name).")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--host", required = true, paramLabel = "H", description = "Host name or address.") String host;
        @Option(names = "--port", defaultValue = "22", description = "SSH port. Default: 22.") int port;
        @Option(names = "--user", paramLabel = "U", description = "Login. Default: your user name here.") String user;
        @Option(names = "--key", paramLabel = "FILE",
                description = "Private key file. Default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa.") Path key;
        @Option(names = "--tenor", paramLabel = "CMD",
                description = "The tenor command there. Default: tenor (on the PATH).") String tenor;
        @Option(names = "--dir", paramLabel = "DIR",
                description = "Folder there for uploads and runs. Default: " + RemoteHost.DEFAULT_DIR
                        + " in the login's home.") String dir;

        @Override
        public Integer call() throws IOException {
            RemoteHost h = new RemoteHost(name, host, port, user,
                    key == null ? null : key.toAbsolutePath().toString(), tenor, dir);
            RemoteHosts hosts = RemoteHosts.current();
            hosts.put(h);
            System.out.println("added " + h.name() + " (" + h.address() + ") to " + hosts.file()
                    + "; check it with `tenor remote check " + h.name() + "`");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the hosts.")
    static final class ListHosts implements Callable<Integer> {
        @Override
        public Integer call() {
            List<RemoteHost> hosts = RemoteHosts.current().list();
            System.out.printf("%-16s %-32s %-10s %s%n", "NAME", "ADDRESS", "TENOR", "KEY");
            for (RemoteHost h : hosts) {
                System.out.printf("%-16s %-32s %-10s %s%n", h.name(), h.address(), h.tenor(),
                        h.key() == null ? "(default keys)" : h.key());
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a host (its runs stay there).")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() throws IOException {
            if (!RemoteHosts.current().remove(name)) {
                RemoteHosts.current().get(name); // the message naming the known hosts
            }
            System.out.println("removed " + name);
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Connect, and show the host's Tenor version, devices (GPUs) and free disk.")
    static final class Check implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--accept-host-key", paramLabel = "SHA256:...",
                description = "Trust this host key fingerprint (shown when the host is not known yet) and record "
                        + "it in known_hosts.") String accept;

        @Override
        public Integer call() throws IOException {
            RemoteHost host = RemoteSupport.host(name);
            try (SshConnection ssh = open(host)) {
                System.out.println("connected to " + host.address());
                RemoteWorkspace ws = RemoteWorkspace.open(ssh, null);
                System.out.println("tenor: " + ws.tenorVersion());
                System.out.println("devices:");
                ws.devices().forEach(d -> System.out.println("  " + d));
                System.out.printf(java.util.Locale.ROOT, "free disk: %.1f GB in %s%n", ws.freeBytes() / 1e9,
                        ws.base());
                return 0;
            }
        }

        /** Connects; on a terminal, an unknown host key is shown and may be accepted there and then. */
        private SshConnection open(RemoteHost host) throws IOException {
            try {
                return SshConnection.open(host, RemoteSupport.options().accepting(accept));
            } catch (RemoteException e) {
                java.util.regex.Matcher fp = java.util.regex.Pattern.compile("not known yet .*?: (SHA256:[A-Za-z0-9+/=]+)")
                        .matcher(e.getMessage());
                java.io.Console console = System.console();
                if (accept != null || console == null || !fp.find()) {
                    throw e;
                }
                String answer = console.readLine("%s%nAccept this host key (%s)? [y/N] ", e.getMessage(), fp.group(1));
                if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                    throw e;
                }
                return SshConnection.open(host, RemoteSupport.options().accepting(fp.group(1)));
            }
        }
    }

    @Command(name = "attach", mixinStandardHelpOptions = true,
            description = "Follow a run on a host (its metrics from the first line) until it ends.")
    static final class Attach implements Callable<Integer> {
        private final Interrupts interrupts;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "RUN", description = "The run's folder name (or its path there).")
        String run;
        @Option(names = "--remote-dir", paramLabel = "DIR", description = "The host's Tenor folder, when not its "
                + "default.") String remoteDir;

        Attach(Interrupts interrupts) {
            this.interrupts = interrupts;
        }

        @Override
        public Integer call() throws Exception {
            RemoteHost host = RemoteSupport.host(name);
            SshConnection ssh = RemoteSupport.connect(host);
            RemoteWorkspace ws = RemoteWorkspace.open(ssh, remoteDir);
            RemoteRun r = ws.run(run);
            if (!r.exists(ssh)) {
                ssh.close();
                throw new RemoteException("no run " + r.dir() + " on " + host.name());
            }
            int code = RemoteSupport.follow(host, ssh, r, 0, interrupts.token(), null);
            if (code < 0) {
                return interrupts.stoppedExitCode();
            }
            try (SshConnection again = RemoteSupport.connect(host)) {
                return RemoteSupport.finish(host, RemoteWorkspace.open(again, remoteDir), r, code);
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Ask a run on a host to save a checkpoint and exit (its STOP file).")
    static final class Stop implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "RUN") String run;
        @Option(names = "--remote-dir", paramLabel = "DIR") String remoteDir;

        @Override
        public Integer call() throws IOException {
            RemoteHost host = RemoteSupport.host(name);
            try (SshConnection ssh = RemoteSupport.connect(host)) {
                RemoteRun r = RemoteWorkspace.open(ssh, remoteDir).run(run);
                r.requestStop(ssh);
                System.out.println("asked " + r.name() + " on " + host.name() + " to stop; it saves a checkpoint and "
                        + "exits (continue it with `tenor train --remote " + host.name() + " --resume " + r.name()
                        + "`)");
                return 0;
            }
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download a run's model/ (and chosen checkpoints), each file checked by sha256; "
                    + "resumable.")
    static final class Fetch implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "RUN") String run;
        @Option(names = "--checkpoint", paramLabel = "step-N", description = "Also this checkpoint; repeatable.")
        List<String> checkpoints = new ArrayList<>();
        @Option(names = "--to", paramLabel = "DIR", description = "Where to put it. Default: models/NAME-RUN in the "
                + "data folder (so it appears among the models).") Path to;
        @Option(names = "--remote-dir", paramLabel = "DIR") String remoteDir;

        @Override
        public Integer call() throws IOException {
            RemoteHost host = RemoteSupport.host(name);
            try (SshConnection ssh = RemoteSupport.connect(host)) {
                RemoteWorkspace ws = RemoteWorkspace.open(ssh, remoteDir);
                RemoteRun r = ws.run(run);
                Path target = to != null ? to : TenorPaths.current().models().resolve(host.name() + "-" + r.name());
                Files.createDirectories(target);
                ModelFetch fetch = new ModelFetch(ws);
                int files = 0;
                for (String part : ModelFetch.parts(checkpoints)) {
                    Path dest = part.equals("model") ? target : target.resolve(part);
                    files += fetch.fetch(r, part, dest).size();
                }
                ModelFetch.Tally t = fetch.tally();
                System.out.printf(java.util.Locale.ROOT, "fetched %d files into %s: %d downloaded (%.1f MB), %d "
                                + "already here; all match the host's sha256%n", files, target, t.downloaded(),
                        t.bytes() / 1e6, t.skipped());
                return 0;
            }
        }
    }
}
