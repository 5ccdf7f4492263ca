package dev.tenor.remote;

import dev.tenor.task.CancellationToken;
import dev.tenor.train.MetricsLog;
import dev.tenor.train.TrainingEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Follows a remote run's {@code metrics.jsonl} over SFTP until the run ends. It keeps the byte offset of the last
 * whole line delivered: after a lost connection it reconnects with back-off and reads on from there, so no line is
 * lost or delivered twice (a partial last line is read again once complete). A file that shrinks was rewritten (a
 * resumed run drops the steps it redoes): the listener is told and reading starts over.
 */
public final class MetricsFollower {

    /** Opens a fresh connection to the host. */
    @FunctionalInterface
    public interface Connector {
        SshConnection open() throws IOException;
    }

    /** What the follower reports, on its own thread, in order. */
    public interface Listener {
        /** A whole line of {@code metrics.jsonl} as the host has it, and its event (null when not JSON). */
        void onLine(String line, TrainingEvent event);

        /** {@code metrics.jsonl} was rewritten: forget the earlier lines. */
        default void onRestart() {
        }

        /** The connection broke; the next try comes after {@code wait}. */
        default void onConnectionLost(String reason, int attempt, Duration wait) {
        }

        /** A new connection is up; following continues. */
        default void onReconnected(int attempts) {
        }
    }

    /** How following ended: the run's exit status, lines delivered, reconnections made. */
    public record Outcome(int exitCode, long lines, int reconnects, boolean cancelled) {
    }

    private static final int MAX_READ = 4 << 20;

    private final Connector connector;
    private final RemoteRun run;
    private final Listener listener;
    private final Duration poll;
    private final Duration giveUpAfter;
    private long offset;
    private long lines;
    private int reconnects;

    public MetricsFollower(Connector connector, RemoteRun run, Listener listener, Duration poll,
                           Duration giveUpAfter) {
        this.connector = connector;
        this.run = run;
        this.listener = listener;
        this.poll = poll;
        this.giveUpAfter = giveUpAfter;
    }

    /** Starts reading at {@code offset} bytes (0: from the first line). */
    public MetricsFollower from(long startOffset) {
        this.offset = startOffset;
        return this;
    }

    /** Follows until the run ends or {@code cancel} fires; {@code ssh} is the connection to start with (closed). */
    public Outcome follow(SshConnection ssh, CancellationToken cancel) throws IOException, InterruptedException {
        SshConnection conn = ssh;
        try {
            int idle = 0;
            while (true) {
                if (cancel.isCancelled()) {
                    return new Outcome(-1, lines, reconnects, true);
                }
                try {
                    if (conn == null) {
                        conn = reconnect(cancel);
                        if (conn == null) {
                            return new Outcome(-1, lines, reconnects, true);
                        }
                    }
                    if (drain(conn)) {
                        idle = 0;
                        continue;
                    }
                    Integer code = run.exitCode(conn);
                    if (code != null) {
                        drain(conn); // the last lines, written before the exit status
                        return new Outcome(code, lines, reconnects, false);
                    }
                    if (++idle % 20 == 0 && !run.alive(conn) && run.exitCode(conn) == null) {
                        drain(conn);
                        throw new RemoteException("the run " + run.dir() + " on " + conn.host().name()
                                + " ended without an exit status (killed, or the machine restarted?); its log ends:\n"
                                + run.logTail(conn, 15).strip());
                    }
                    Thread.sleep(poll.toMillis());
                } catch (RemoteException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    // a broken connection: SSHD reports it as an IOException or an IllegalStateException
                    if (conn != null) {
                        conn.close();
                        conn = null;
                    }
                    listener.onConnectionLost(String.valueOf(e.getMessage()), 0, Duration.ZERO);
                }
            }
        } finally {
            if (conn != null) {
                conn.close();
            }
        }
    }

    /** Delivers the whole lines after the offset; true when there were any. */
    private boolean drain(SshConnection conn) throws IOException {
        long size = conn.size(run.metrics());
        if (size < 0) {
            return false;
        }
        if (size < offset) {
            offset = 0;
            listener.onRestart();
        }
        if (size == offset) {
            return false;
        }
        byte[] bytes = conn.read(run.metrics(), offset, (int) Math.min(MAX_READ, size - offset));
        int end = -1;
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return false; // a line being written
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        offset += end + 1;
        for (String line : text.split("\n", -1)) {
            lines++;
            listener.onLine(line, MetricsLog.parse(line));
        }
        return true;
    }

    private SshConnection reconnect(CancellationToken cancel) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        long wait = 250;
        RemoteException last = null;
        for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
            if (cancel.isCancelled()) {
                return null;
            }
            try {
                SshConnection c = connector.open();
                reconnects++;
                listener.onReconnected(attempt);
                return c;
            } catch (RemoteException e) {
                if (e.getMessage().contains("host key")) {
                    throw e; // a changed key is no network hiccup
                }
                last = e;
                listener.onConnectionLost(e.getMessage(), attempt, Duration.ofMillis(wait));
            }
            Thread.sleep(wait);
            wait = Math.min(wait * 2, 10_000);
        }
        throw new RemoteException("lost the connection for " + giveUpAfter.toMinutes() + " minutes ("
                + (last == null ? "" : last.getMessage()) + "); the run goes on there: follow it again with "
                + "`tenor remote attach HOST " + run.name() + "`", last);
    }
}
