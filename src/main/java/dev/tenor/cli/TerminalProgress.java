package dev.tenor.cli;

import dev.tenor.task.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, redrawn in place; silent when standard error is not a
 * terminal (a log file or a pipe gets no control characters).
 */
final class TerminalProgress implements ProgressListener {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private long lastDraw;
    private String lastLine = "";

    TerminalProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A bar that draws only when the process runs on a terminal. */
    static TerminalProgress forConsole(PrintWriter err) {
        return new TerminalProgress(err, System.console() != null);
    }

    @Override
    public synchronized void progress(long done, long total, String message) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        boolean complete = total > 0 && done >= total;
        if (!complete && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = total > 0 ? bar(done, total) + " " + message
                : String.format(Locale.ROOT, "%,d bytes %s", done, message);
        if (!line.equals(lastLine)) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            err.flush();
            lastLine = line;
        }
    }

    /** Clears the bar so the next output starts on a clean line. */
    synchronized void finish() {
        if (enabled && !lastLine.isEmpty()) {
            err.print("\r" + " ".repeat(lastLine.length()) + "\r");
            err.flush();
            lastLine = "";
        }
    }

    static String bar(long done, long total) {
        double fraction = Math.max(0, Math.min(1, (double) done / total));
        int filled = (int) Math.round(fraction * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100));
    }
}
