package dev.tenor.train;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import dev.tenor.model.InferenceThreads;
import dev.tenor.task.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run a step's shards side by side, one per replica, as DJL's own multi-device trainer
 * does: each device's forward and backward then overlap instead of queueing behind the previous device's.
 * With one replica the shard runs on the caller's thread.
 *
 * <p>{@link #run} returns only when every shard it started has finished, whatever happened (a failure, a
 * stop, an interrupt): a native call must never outlive the step that owns its tensors.
 */
final class ShardThreads implements AutoCloseable {

    private final ExecutorService pool;

    ShardThreads(Device[] devices) {
        if (devices.length < 2) {
            pool = null;
            return;
        }
        int n = devices.length;
        long cpuReplicas = java.util.Arrays.stream(devices).filter(d -> Device.Type.CPU.equals(d.getDeviceType())).count();
        // CPU replicas share the cores; a GPU replica's thread mostly launches kernels, so it keeps the default
        int share = cpuReplicas > 1 ? Math.max(1, InferenceThreads.count() / (int) cpuReplicas) : -1;
        CountDownLatch ready = new CountDownLatch(n);
        AtomicInteger serial = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread t = new Thread(() -> {
                        if (share > 0) {
                            JniUtils.getNumThreads(); // a thread's count is initialised from the default on first query
                            JniUtils.setNumThreads(share);
                        }
                        ready.countDown();
                        task.run();
                    }, "tenor-shard-" + serial.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.prestartAllCoreThreads();
        dev.tenor.task.Uninterruptibly.await(ready);
        if (share > 0) {
            JniUtils.setNumThreads(InferenceThreads.count()); // the default for threads started later
        }
        pool = executor;
    }

    /**
     * Runs the tasks (task i for shard i) and returns their results in order, after all have finished. A
     * failure is rethrown once every task is done; a stop ({@link CancelledException}) wins over other
     * failures, since a stop that interrupted shards is what made them fail.
     */
    <T> List<T> run(List<Callable<T>> tasks) {
        if (pool == null || tasks.size() == 1) {
            List<T> out = new ArrayList<>(tasks.size());
            for (Callable<T> t : tasks) {
                out.add(call(t));
            }
            return out;
        }
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> t : tasks) {
            futures.add(pool.submit(t));
        }
        List<T> out = new ArrayList<>(tasks.size());
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<T> f : futures) {
            while (true) {
                try {
                    out.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the shard is inside native code
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                            : new TrainingException("a shard failed: " + e.getCause(), e.getCause());
                    if (failure == null || cause instanceof CancelledException && !(failure instanceof CancelledException)) {
                        failure = cause;
                    }
                    out.add(null);
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    private static <T> T call(Callable<T> t) {
        try {
            return t.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TrainingException("a shard failed: " + e, e);
        }
    }

    /** Stops the threads; called after the last step, when no shard runs. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
