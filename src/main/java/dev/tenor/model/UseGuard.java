package dev.tenor.model;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Guards an object that owns native memory against being closed while it is in use: every use holds a
 * shared permit (and a {@link NativeWork} permit), and {@link #close(Runnable)} waits for the uses in flight
 * before it frees anything. A use after close fails with a clear message instead of reading freed memory.
 */
public final class UseGuard {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String what;
    private volatile boolean closed;

    /** @param what the guarded object as a message names it ("the encoder of all-MiniLM-L6-v2") */
    public UseGuard(String what) {
        this.what = what;
    }

    /** A use; close the permit when done. Reentrant on one thread. */
    public NativeWork.Permit use() {
        NativeWork.Permit nativeWork = NativeWork.enter();
        ReentrantReadWriteLock.ReadLock read = lock.readLock();
        read.lock();
        if (closed) {
            read.unlock();
            nativeWork.close();
            throw new IllegalStateException(what + " is closed");
        }
        return () -> {
            read.unlock();
            nativeWork.close();
        };
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Waits for every use in flight, then runs {@code release} once; later calls do nothing. Must not be
     * called by a thread that holds a use.
     */
    public void close(Runnable release) {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException(what + " cannot be closed by a thread that is using it");
        }
        ReentrantReadWriteLock.WriteLock write = lock.writeLock();
        write.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            release.run();
        } finally {
            write.unlock();
        }
    }
}
