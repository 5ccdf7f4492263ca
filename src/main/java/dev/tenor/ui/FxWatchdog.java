package dev.tenor.ui;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import javafx.application.Platform;

/**
 * Watches the FX application thread: a small job is posted every few milliseconds, and each time it runs
 * it notes how much CPU time the FX thread used since the previous one. Work on the FX thread (what freezes
 * a window) shows up as that CPU time; a pause of the whole process (garbage collection, a machine busy
 * with other work) does not, since the FX thread uses no CPU while it waits. Both are recorded: the busy
 * time is what tests assert on ({@link #maxBusyMillis()}), the wall-clock delay of the jobs is reported
 * beside it ({@link #maxDelayMillis()}). Waiting rather than working (a lock, a sleep, a future's get) uses no
 * CPU either, so the FX thread is also sampled: time spent waiting inside Tenor's code counts as blocked
 * ({@link #maxWaitingMillis()}), and time spent running inside Tenor's code is Tenor's own work on the thread
 * ({@link #maxTenorBusyMillis()}), apart from the toolkit's layout and drawing that {@link #maxBusyMillis()}
 * includes. The workbench logs stalls with {@code -Dtenor.watchdog=true}.
 */
public final class FxWatchdog implements AutoCloseable {

    /** FX-thread work longer than this between two probes is a stall. */
    public static final long STALL_MILLIS = 100;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tenor-fx-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong maxDelayNanos = new AtomicLong();
    private final AtomicLong maxBusyNanos = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong maxWaitingNanos = new AtomicLong();
    private final AtomicLong maxTenorBusyNanos = new AtomicLong();
    private final long periodNanos;
    private volatile long fxThreadId = -1;
    private long waitingSince = -1; // watchdog thread only
    private long runningSince = -1; // watchdog thread only: the FX thread's CPU time at the stretch's start
    private long probesAtRunStart = -1; // watchdog thread only
    private long lastSample = -1; // watchdog thread only
    private final List<Long> stalls = new ArrayList<>();
    private final LongConsumer onStall;
    private long lastCpu = -1; // FX thread only

    private FxWatchdog(LongConsumer onStall, long periodMillis) {
        this.onStall = onStall;
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    }

    /** Starts probing every {@code periodMillis}; {@code onStall} gets each stall's FX-thread time in ms. */
    public static FxWatchdog start(long periodMillis, LongConsumer onStall) {
        FxWatchdog w = new FxWatchdog(onStall, periodMillis);
        w.timer.scheduleAtFixedRate(w::probe, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return w;
    }

    private void probe() {
        long posted = System.nanoTime();
        sample(posted);
        try {
            Platform.runLater(() -> ran(posted));
        } catch (IllegalStateException e) {
            timer.shutdown(); // the toolkit has exited
        }
    }

    /** Notes whether the FX thread waits or runs inside Tenor's code, and for how long without a break. */
    private void sample(long now) {
        long id = fxThreadId;
        if (id < 0) {
            return;
        }
        // Deep enough for a Tenor callback under the toolkit's layout recursion.
        java.lang.management.ThreadInfo info = THREADS.getThreadInfo(id, 512);
        boolean gap = lastSample > 0 && now - lastSample > 3 * periodNanos; // the whole process paused
        lastSample = now;
        boolean inTenor = info != null && inTenorCode(info);
        boolean running = inTenor && info.getThreadState() == Thread.State.RUNNABLE;
        boolean waiting = inTenor && !running;
        waitingSince = stretch(waiting && !gap, waitingSince, now, maxWaitingNanos);
        // Work is measured in the FX thread's CPU time, so a machine busy with other work does not stretch it;
        // a probe that ran in between means the thread was free, and a new stretch begins.
        long cpu = THREADS.getThreadCpuTime(id);
        long ran = probes.get();
        if (ran != probesAtRunStart) {
            runningSince = -1;
            probesAtRunStart = ran;
        }
        runningSince = stretch(running && !gap, runningSince, cpu >= 0 ? cpu : now, maxTenorBusyNanos);
    }

    /** Extends or ends a stretch that began at {@code since}; returns its new start (-1: none). */
    private static long stretch(boolean on, long since, long now, AtomicLong longest) {
        if (!on) {
            return -1;
        }
        long start = since < 0 ? now : since;
        longest.accumulateAndGet(now - start, Math::max);
        return start;
    }

    private static boolean inTenorCode(java.lang.management.ThreadInfo info) {
        for (StackTraceElement e : info.getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith("dev.tenor.") && !c.equals(FxWatchdog.class.getName())
                    && !c.startsWith(FxWatchdog.class.getName() + "$")) {
                return true;
            }
        }
        return false;
    }

    private void ran(long posted) {
        fxThreadId = Thread.currentThread().getId();
        long delay = System.nanoTime() - posted;
        long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        long busy = lastCpu < 0 || cpu < 0 ? 0 : cpu - lastCpu;
        lastCpu = cpu;
        probes.incrementAndGet();
        maxDelayNanos.accumulateAndGet(delay, Math::max);
        maxBusyNanos.accumulateAndGet(busy, Math::max);
        long ms = busy / 1_000_000;
        if (ms > STALL_MILLIS) {
            synchronized (stalls) {
                stalls.add(ms);
            }
            onStall.accept(ms);
        }
    }

    /** The most CPU time the FX thread spent between two probes, in ms: how long it was kept from the user. */
    public long maxBusyMillis() {
        return maxBusyNanos.get() / 1_000_000;
    }

    /**
     * The most CPU time the FX thread was seen spending inside Tenor's code without a break (no probe ran in
     * between), in ms: Tenor's own work on the thread, sampled every period, without the toolkit's layout and
     * drawing.
     */
    public long maxTenorBusyMillis() {
        return maxTenorBusyNanos.get() / 1_000_000;
    }

    /** The longest the FX thread was seen waiting (not working) inside Tenor's code, in ms. */
    public long maxWaitingMillis() {
        return maxWaitingNanos.get() / 1_000_000;
    }

    /** The longest a probe waited to run, in ms (includes pauses of the whole process). */
    public long maxDelayMillis() {
        return maxDelayNanos.get() / 1_000_000;
    }

    /** Probes that ran. */
    public long probes() {
        return probes.get();
    }

    /** FX-thread work of each stall, in ms, in order. */
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
