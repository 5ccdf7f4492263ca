package dev.tenor.model;

import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs batches side by side on {@link InferenceThreads} and hands their results over in batch order. It
 * never returns, normally or by an exception, while a batch it started is still running: the caller may
 * close the model as soon as it returns. Batches not yet started when the run ends early (cancelled, or a
 * batch failed) are skipped.
 */
final class SideBySide {

    private SideBySide() {
    }

    /**
     * @param work one batch's result, on a worker thread
     * @param consume each result, in batch order, on the calling thread
     */
    static <B, R> void run(List<B> batches, Function<B, R> work, Consumer<R> consume, CancellationToken cancel) {
        AtomicBoolean abandoned = new AtomicBoolean();
        CountDownLatch settled = new CountDownLatch(batches.size());
        List<CompletableFuture<R>> results = new ArrayList<>(batches.size());
        for (B batch : batches) {
            CompletableFuture<R> result = new CompletableFuture<>();
            results.add(result);
            InferenceThreads.pool().execute(() -> {
                try {
                    if (abandoned.get() || cancel.isCancelled()) {
                        result.cancel(false);
                    } else {
                        result.complete(work.apply(batch));
                    }
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                } finally {
                    settled.countDown();
                }
            });
        }
        try {
            for (CompletableFuture<R> r : results) {
                cancel.throwIfCancelled();
                consume.accept(await(r));
            }
        } finally {
            abandoned.set(true);
            dev.tenor.task.Uninterruptibly.await(settled);
        }
    }

    private static <R> R await(CompletableFuture<R> r) {
        try {
            return r.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (java.util.concurrent.CancellationException e) {
            throw new CancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
