package dev.tenor.task;

import java.util.concurrent.CountDownLatch;

/**
 * Waiting that an interrupt cannot cut short. Where the work waited for runs native code over tensors the
 * waiter owns (batches in flight, a step's shards), leaving early would free memory still in use; the
 * interrupt is kept and set again once the wait is over.
 */
public final class Uninterruptibly {

    private Uninterruptibly() {
    }

    /** Waits for {@code latch} to reach zero, whatever interrupts arrive meanwhile. */
    public static void await(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
