package dev.tenor.cli;

import dev.tenor.task.ProgressListener;
import java.io.PrintStream;

/**
 * Draws progress on standard error: a redrawn bar on a terminal, a line per stage change otherwise
 * (so logs of scripted runs stay readable).
 */
public final class ProgressBar implements ProgressListener, AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private String lastMessage = "";
    private long lastDraw;
    private boolean drawn;

    public ProgressBar() {
        this(System.err, System.console() != null);
    }

    ProgressBar(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void progress(long done, long total, String message) {
        String msg = message == null ? "" : message;
        if (!terminal) {
            if (!msg.equals(lastMessage)) {
                err.println(msg + "...");
                lastMessage = msg;
            }
            return;
        }
        long now = System.nanoTime();
        boolean finished = total > 0 && done >= total;
        if (!finished && now - lastDraw < 100_000_000L && msg.equals(lastMessage)) {
            return;
        }
        lastDraw = now;
        lastMessage = msg;
        StringBuilder line = new StringBuilder("\r");
        if (total > 0) {
            int filled = (int) (WIDTH * Math.min(1.0, done / (double) total));
            line.append('[').append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ");
            line.append(String.format("%3d%% %d/%d", (int) (100.0 * done / total), done, total));
            double elapsed = (now - started) / 1e9;
            if (done > 0 && !finished) {
                line.append(String.format(" eta %ds", Math.round(elapsed / done * (total - done))));
            }
        }
        line.append(' ').append(msg).append("\033[K");
        err.print(line);
        err.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (terminal && drawn) {
            err.println();
            drawn = false;
        }
    }
}
