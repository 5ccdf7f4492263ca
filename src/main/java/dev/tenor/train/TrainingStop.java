package dev.tenor.train;

import dev.tenor.task.CancellationToken;

/**
 * How a run is asked to stop. A request ({@link #request()}: the first SIGINT or SIGTERM, a STOP file)
 * lets the step in flight finish and abandons validation; an urgent request ({@link #requestNow()}: a second
 * signal) also abandons the step in flight at its next safe point (between forward and backward, before
 * the update). Either way the trainer writes a checkpoint of the last finished step and returns: it never
 * ends the JVM under a native operation.
 */
public final class TrainingStop {

    private final CancellationToken requested;
    private final CancellationToken urgent;

    public TrainingStop() {
        this(new CancellationToken());
    }

    /** A stop that {@code token} requests (a STOP file or a caller's cancel). */
    public TrainingStop(CancellationToken token) {
        this(token, new CancellationToken());
    }

    /** A stop that {@code token} requests and {@code urgent} makes urgent (the first and second signal). */
    public TrainingStop(CancellationToken token, CancellationToken urgent) {
        this.requested = token;
        this.urgent = urgent;
    }

    /** Never requested. */
    public static TrainingStop never() {
        return new TrainingStop(CancellationToken.NONE);
    }

    /** Stop after the step in flight. */
    public void request() {
        requested.cancel();
    }

    /** Stop as soon as possible: abandon the step in flight. */
    public void requestNow() {
        requested.cancel();
        urgent.cancel();
    }

    public boolean isRequested() {
        return requested.isCancelled();
    }

    public boolean isUrgent() {
        return urgent.isCancelled();
    }

    /** The request as a token, for work that stops on any request (validation passes, a STOP file watcher). */
    public CancellationToken token() {
        return requested;
    }

    /** The urgent request as a token, checked at a step's safe points. */
    CancellationToken urgentToken() {
        return urgent;
    }
}
