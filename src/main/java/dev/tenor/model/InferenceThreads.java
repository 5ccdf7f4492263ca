package dev.tenor.model;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run CPU inference batches side by side, one per core, each with a single PyTorch
 * intra-op thread.
 *
 * <p>Why: intent sentences are short (10 tokens on average in MTOP), so a batch is a chain of small
 * operations. Spread over two OpenMP threads, the element-wise ones below PyTorch's grain size run on
 * one core while the other waits at a barrier, and under load from other processes the OpenMP
 * barriers stall. Two batches at once on two single-threaded workers keep both cores on useful work:
 * all-MiniLM-L6-v2 embeds the 20,053 MTOP sentences in 18.0 s instead of 19.3 s on 2 cores.
 *
 * <p>PyTorch keeps its intra-op thread count per thread (OpenMP and MKL settings are thread-local) but
 * also remembers the last value set as the default for threads that have not run an operation yet, so
 * after the workers start, that default is put back to the configured count.
 */
public final class InferenceThreads {

    private static ExecutorService pool;

    private InferenceThreads() {
    }

    /** How many batches run at once on the CPU: the number of cores PyTorch was configured with. */
    public static synchronized int count() {
        DjlSetup.init();
        return Math.max(1, Integer.getInteger("ai.djl.pytorch.num_threads",
                Runtime.getRuntime().availableProcessors()));
    }

    /** The shared pool of {@link #count()} daemon threads, started on first use. */
    static synchronized ExecutorService pool() {
        if (pool == null) {
            int size = count();
            CountDownLatch ready = new CountDownLatch(size);
            AtomicInteger serial = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(size, size, 0, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), task -> {
                        Thread t = new Thread(() -> {
                            // get first: PyTorch initialises a thread's count from the default on its
                            // first query, which would undo a count set before it.
                            JniUtils.getNumThreads();
                            JniUtils.setNumThreads(1);
                            ready.countDown();
                            task.run();
                        }, "tenor-inference-" + serial.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            executor.prestartAllCoreThreads();
            try {
                ready.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Threads started later (a training loop, a UI task) get the configured count again.
            JniUtils.setNumThreads(size);
            pool = executor;
        }
        return pool;
    }
}
