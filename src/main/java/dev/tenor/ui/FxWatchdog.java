package dev.tenor.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Measures how long the FX application thread takes to run a small job posted every few milliseconds: when
 * the thread is blocked (heavy work on it), the jobs wait, and the wait is what a user feels as a frozen
 * window. Tests assert on {@link #maxDelayMillis()}; the workbench logs stalls with {@code -Dtenor.watchdog}.
 */
public final class FxWatchdog implements AutoCloseable {

    /** A delay above this is a stall. */
    public static final long STALL_MILLIS = 100;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tenor-fx-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong maxNanos = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final List<Long> stalls = new ArrayList<>();
    private final java.util.function.LongConsumer onStall;

    private FxWatchdog(java.util.function.LongConsumer onStall) {
        this.onStall = onStall;
    }

    /** Starts probing every {@code periodMillis}; {@code onStall} gets each stall's length in ms. */
    public static FxWatchdog start(long periodMillis, java.util.function.LongConsumer onStall) {
        FxWatchdog w = new FxWatchdog(onStall);
        w.timer.scheduleAtFixedRate(w::probe, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return w;
    }

    private void probe() {
        long posted = System.nanoTime();
        try {
            Platform.runLater(() -> {
                long delay = System.nanoTime() - posted;
                probes.incrementAndGet();
                maxNanos.accumulateAndGet(delay, Math::max);
                long ms = delay / 1_000_000;
                if (ms > STALL_MILLIS) {
                    synchronized (stalls) {
                        stalls.add(ms);
                    }
                    onStall.accept(ms);
                }
            });
        } catch (IllegalStateException e) {
            timer.shutdown(); // the toolkit has exited
        }
    }

    /** The longest wait seen so far, in milliseconds. */
    public long maxDelayMillis() {
        return maxNanos.get() / 1_000_000;
    }

    /** Probes that ran. */
    public long probes() {
        return probes.get();
    }

    /** Stall lengths in ms, in order. */
    public List<Long> stalls() {
        synchronized (stalls) {
            return List.copyOf(stalls);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
