package dev.tenor.cli;

import dev.tenor.task.ProgressListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The command line's one progress display, on standard error. On a terminal: a bar redrawn in place at
 * most ten times a second, with counts (or bytes), rate and time left. Elsewhere (a log file, a pipe):
 * one line per stage, no control characters.
 */
public final class ProgressBar implements ProgressListener, AutoCloseable {

    /** What the counts of {@link #progress} are. */
    public enum Units { ITEMS, BYTES }

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final Units units;
    private final long started = System.nanoTime();
    private long lastDraw;
    private String lastLine = "";
    private String lastStage = "";

    /** A bar on this process's standard error, redrawn only when it is a terminal. */
    public ProgressBar() {
        this(Units.ITEMS);
    }

    public ProgressBar(Units units) {
        this(new PrintWriter(new PrintStream(System.err, true, StandardCharsets.UTF_8), true),
                System.console() != null, units);
    }

    ProgressBar(PrintWriter err, boolean terminal, Units units) {
        this.err = err;
        this.terminal = terminal;
        this.units = units;
    }

    @Override
    public synchronized void progress(long done, long total, String message) {
        String msg = message == null ? "" : message;
        if (!terminal) {
            if (!msg.isEmpty() && !msg.equals(lastStage)) {
                err.println(msg);
                err.flush();
                lastStage = msg;
            }
            return;
        }
        long now = System.nanoTime();
        boolean complete = total > 0 && done >= total;
        if (!complete && now - lastDraw < REDRAW_NANOS && msg.equals(lastStage)) {
            return;
        }
        lastDraw = now;
        lastStage = msg;
        String line = line(done, total, msg, (now - started) / 1e9);
        if (!line.equals(lastLine)) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            err.flush();
            lastLine = line;
        }
    }

    String line(long done, long total, String msg, double seconds) {
        StringBuilder sb = new StringBuilder();
        if (total > 0) {
            sb.append(bar(done, total)).append(' ').append(amount(done)).append('/').append(amount(total));
            if (seconds > 0.5 && done > 0) {
                sb.append(String.format(Locale.ROOT, " %s/s", amount((long) (done / seconds))));
                if (done < total) {
                    sb.append(String.format(Locale.ROOT, " %ds left", Math.round(seconds / done * (total - done))));
                }
            }
        } else if (done > 0) {
            sb.append(amount(done));
        }
        if (!msg.isEmpty()) {
            sb.append(sb.length() > 0 ? " " : "").append(msg);
        }
        return sb.toString();
    }

    private String amount(long n) {
        if (units == Units.ITEMS) {
            return String.format(Locale.ROOT, "%,d", n);
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f kB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", n / (1024.0 * 1024 * 1024));
    }

    /** {@code [#####.....]  50%}. */
    static String bar(long done, long total) {
        double fraction = Math.max(0, Math.min(1, (double) done / total));
        int filled = (int) Math.round(fraction * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100));
    }

    /** Clears the bar so the next output starts on a clean line. */
    @Override
    public synchronized void close() {
        if (terminal && !lastLine.isEmpty()) {
            err.print("\r" + " ".repeat(lastLine.length()) + "\r");
            err.flush();
            lastLine = "";
        }
    }
}
