package dev.tenor.cli;

import dev.tenor.task.CancellationToken;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SIGINT and SIGTERM for every command, handled in one place. A signal never ends the JVM under running
 * work: the first cancels {@link #token()} (long commands check it between units of work and return), the
 * second cancels {@link #urgent()} as well. A command that {@link #handlesUrgentStops() handles urgent
 * stops} (training: abandon the step in flight, checkpoint the last finished one) keeps running until it
 * returns; any other command is ended at the second signal through {@link System#exit}, whose exit hook
 * still waits for native work in flight ({@code dev.tenor.model.NativeWork}). Exit codes: 130 after SIGINT,
 * 143 after SIGTERM.
 */
public final class Interrupts {

    private final CancellationToken token = new CancellationToken();
    private final CancellationToken urgent = new CancellationToken();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicReference<String> first = new AtomicReference<>();
    private final PrintStream err;
    private volatile boolean handlesUrgentStops;
    private volatile String stoppingMessage = "stopping...";
    private volatile String urgentMessage = "stopping now.";

    Interrupts(PrintStream err) {
        this.err = err;
    }

    /** Interrupts that no signal reaches (for commands run inside another program, such as tests). */
    public static Interrupts detached() {
        return new Interrupts(System.err);
    }

    /** Interrupts wired to this process's SIGINT and SIGTERM. */
    @SuppressWarnings("restriction")
    static Interrupts installed() {
        Interrupts interrupts = new Interrupts(System.err);
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> interrupts.raise(name));
            } catch (IllegalArgumentException e) {
                // the platform has no such signal: stop files and the window still stop work
            }
        }
        return interrupts;
    }

    /** Cancelled at the first signal. */
    public CancellationToken token() {
        return token;
    }

    /** Cancelled at the second signal. */
    public CancellationToken urgent() {
        return urgent;
    }

    /** Whether a signal arrived. */
    public boolean signalled() {
        return first.get() != null;
    }

    /** The exit code of a command a signal stopped: 130 (SIGINT, also when no signal came) or 143 (SIGTERM). */
    public int stoppedExitCode() {
        return "TERM".equals(first.get()) ? 143 : 130;
    }

    /**
     * The command stops by itself at the second signal too (it checks {@link #urgent()}); the JVM is then
     * never ended by a signal. What it prints at the first and second signal.
     */
    public void handleUrgentStops(String stopping, String urgentStop) {
        this.handlesUrgentStops = true;
        this.stoppingMessage = stopping;
        this.urgentMessage = urgentStop;
    }

    boolean handlesUrgentStops() {
        return handlesUrgentStops;
    }

    /** What a signal handler does; {@code name} is INT or TERM. */
    void raise(String name) {
        int n = received.incrementAndGet();
        first.compareAndSet(null, name);
        if (n == 1) {
            err.println("tenor: SIG" + name + ": " + stoppingMessage);
            err.flush();
            token.cancel();
            return;
        }
        if (n == 2) {
            urgent.cancel();
            if (!handlesUrgentStops) {
                err.println("tenor: SIG" + name + " again: exiting once the native work in flight is done");
                err.flush();
                int code = stoppedExitCode();
                // exit waits for this handler's return on some JVMs: leave from a thread of its own
                Thread exit = new Thread(() -> System.exit(code), "tenor-exit");
                exit.setDaemon(true);
                exit.start();
                return;
            }
            err.println("tenor: SIG" + name + " again: " + urgentMessage);
            err.flush();
            return;
        }
        err.println("tenor: SIG" + name + ": still stopping (the native operation in flight must finish first; "
                + "kill -9 ends the process at once, without a checkpoint)");
        err.flush();
    }
}
