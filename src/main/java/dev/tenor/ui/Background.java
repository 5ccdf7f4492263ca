package dev.tenor.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workbench's worker threads, owned by one object and shut down on exit: a pool for long tasks (builds,
 * evaluations, imports, file IO), one thread for attention (encoders are not thread-safe, and only the latest
 * sentence matters) and a scheduler for small delayed jobs such as saving settings.
 */
public final class Background implements AutoCloseable {

    private final ExecutorService work = Executors.newCachedThreadPool(named("tenor-work"));
    private final ExecutorService attention = Executors.newSingleThreadExecutor(named("tenor-attention"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(named("tenor-timer"));

    /** Runs {@code task} (typically a {@link javafx.concurrent.Task}) on the work pool. */
    public void run(Runnable task) {
        work.execute(task);
    }

    /** Runs on the single attention thread, in submission order. */
    public void runAttention(Runnable task) {
        attention.execute(task);
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Stops all threads: running tasks are interrupted, and waited for a moment. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        work.shutdownNow();
        attention.shutdown();
        try {
            if (!attention.awaitTermination(3, TimeUnit.SECONDS)) {
                attention.shutdownNow();
            }
            work.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isShutdown() {
        return work.isShutdown();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
