package dev.tenor.cli;

import dev.tenor.remote.MetricsFollower;
import dev.tenor.remote.RemoteHost;
import dev.tenor.remote.RemoteHosts;
import dev.tenor.remote.RemoteRun;
import dev.tenor.remote.RemoteWorkspace;
import dev.tenor.remote.RunMirror;
import dev.tenor.remote.SshConnection;
import dev.tenor.remote.SshOptions;
import dev.tenor.task.CancellationToken;
import dev.tenor.train.TrainingEvent;
import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** What the remote commands share: connecting (a key's passphrase asked on the terminal) and following a run. */
final class RemoteSupport {

    /** How long following keeps trying to reconnect (the {@code tenor.remote.giveUpSeconds} property changes it). */
    static Duration giveUp() {
        return Duration.ofSeconds(Long.getLong("tenor.remote.giveUpSeconds", 900));
    }

    private RemoteSupport() {
    }

    static SshOptions options() {
        return SshOptions.defaults().askingPassphrase(RemoteSupport::askPassphrase);
    }

    /** Asked on the terminal each session; never stored. */
    private static String askPassphrase(String keyFile) {
        Console c = System.console();
        if (c == null) {
            return null;
        }
        char[] p = c.readPassword("passphrase for %s: ", keyFile);
        return p == null ? null : new String(p);
    }

    static RemoteHost host(String name) {
        return RemoteHosts.current().get(name);
    }

    static SshConnection connect(RemoteHost host) throws IOException {
        return SshConnection.open(host, options());
    }

    /**
     * Follows {@code run} with the output of a local run: each metrics line on standard output, a progress bar on
     * a terminal, connection trouble on standard error. Returns the run's exit status, or -1 when cancelled.
     */
    static int follow(RemoteHost host, SshConnection ssh, RemoteRun run, long offset, CancellationToken cancel,
                      RunMirror mirror) throws IOException, InterruptedException {
        boolean terminal = System.console() != null;
        Thread stops = mirror == null ? null : forwardStops(host, run, mirror);
        try (ProgressBar bar = terminal ? new ProgressBar() : null) {
            long[] total = {0};
            MetricsFollower.Listener listener = new MetricsFollower.Listener() {
                @Override
                public void onLine(String line, TrainingEvent e) {
                    System.out.println(line);
                    if (mirror != null) {
                        try {
                            mirror.append(line);
                        } catch (IOException x) {
                            throw new UncheckedIOException("cannot write " + mirror.dir() + ": " + x.getMessage(), x);
                        }
                    }
                    if (e == null) {
                        return;
                    }
                    if (e.has("total_steps")) {
                        total[0] = (long) e.number("total_steps");
                    }
                    if (bar != null && e.has("loss")) {
                        bar.progress((long) e.number("step"), total[0], String.format("loss %.4f", e.number("loss")));
                    }
                }

                @Override
                public void onRestart() {
                    if (mirror != null) {
                        try {
                            mirror.restart();
                        } catch (IOException x) {
                            throw new UncheckedIOException(x);
                        }
                    }
                    System.err.println("tenor: " + run.name() + "'s metrics were rewritten (resumed); reading again");
                }

                @Override
                public void onConnectionLost(String reason, int attempt, Duration wait) {
                    System.err.println(attempt == 0 ? "tenor: lost the connection to " + host.name() + " (" + reason
                            + "); the run goes on there, reconnecting"
                            : "tenor: reconnecting to " + host.name() + " (try " + attempt + " failed: " + reason
                                    + "; next in " + wait.toMillis() + " ms)");
                }

                @Override
                public void onReconnected(int attempts) {
                    System.err.println("tenor: reconnected to " + host.name() + "; following from the last line "
                            + "received");
                }
            };
            MetricsFollower follower = new MetricsFollower(() -> connect(host), run, listener, Duration.ofMillis(300),
                    giveUp()).from(offset);
            MetricsFollower.Outcome o = follower.follow(ssh, cancel);
            if (bar != null) {
                bar.close();
            }
            if (o.cancelled()) {
                System.err.println("tenor: stopped following; the run goes on on " + host.name() + ": follow it with "
                        + "`tenor remote attach " + host.name() + " " + run.name() + "`, stop it with `tenor remote "
                        + "stop " + host.name() + " " + run.name() + "`");
                return -1;
            }
            return o.exitCode();
        } finally {
            if (stops != null) {
                stops.interrupt();
            }
        }
    }

    /** A STOP file in the mirror is forwarded to the host (the workbench asks a run to stop that way). */
    private static Thread forwardStops(RemoteHost host, RemoteRun run, RunMirror mirror) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    if (mirror.takeStopRequest()) {
                        try (SshConnection c = connect(host)) {
                            run.requestStop(c);
                        }
                        System.err.println("tenor: asked " + run.name() + " on " + host.name() + " to stop");
                    }
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    System.err.println("tenor: cannot forward the stop request to " + host.name() + ": "
                            + e.getMessage() + " (trying again)");
                }
            }
        }, "tenor-remote-stop");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The end of a followed run, said as a local run says it. */
    static int finish(RemoteHost host, RemoteWorkspace ws, RemoteRun run, int code) throws IOException {
        if (code == 0) {
            System.err.println("remote run " + run.name() + " on " + host.name() + " ended (exit 0); fetch its model "
                    + "with `tenor remote fetch " + host.name() + " " + run.name() + "`");
        } else {
            System.err.println("remote run " + run.name() + " on " + host.name() + " failed (exit " + code
                    + "); its log ends:");
            System.err.println(run.logTail(ws.ssh(), 20).stripTrailing());
        }
        return code;
    }
}
