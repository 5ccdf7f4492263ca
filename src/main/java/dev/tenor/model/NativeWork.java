package dev.tenor.model;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The process-wide gate around native (PyTorch, tokenizer) work. Every call into native code that may
 * take long runs inside {@link #enter()}; when the JVM exits, a shutdown hook closes the gate and waits
 * for the work in flight to finish, so libtorch's static destructors never run under a thread that is
 * still inside a native operation (which crashes the JVM with SIGSEGV). Work that asks to enter after
 * the gate closed waits until the JVM is gone and never reaches native code.
 */
public final class NativeWork {

    /** How long an exiting JVM waits for native work in flight before it exits anyway. */
    static final long EXIT_WAIT_SECONDS = 120;

    // Fair: once the exit hook waits, new work queues behind it instead of starving it.
    private static final ReentrantReadWriteLock GATE = new ReentrantReadWriteLock(true);
    private static boolean hooked;

    private NativeWork() {
    }

    /** A stretch of native work; close it when the work is done. */
    @FunctionalInterface
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Enters the gate (reentrant); blocks for good once the JVM is exiting. */
    public static Permit enter() {
        Lock read = GATE.readLock();
        read.lock();
        return read::unlock;
    }

    /** Closes the gate at JVM exit; installed once by {@link DjlSetup#init()}. */
    static synchronized void installExitHook() {
        if (hooked) {
            return;
        }
        hooked = true;
        Thread hook = new Thread(NativeWork::closeForExit, "tenor-native-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits for native work in flight and keeps the gate closed; false when the wait timed out. */
    static boolean closeForExit() {
        try {
            return GATE.writeLock().tryLock(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stretches of native work in flight now (for tests and diagnostics). */
    public static int inFlight() {
        return GATE.getReadLockCount();
    }
}
