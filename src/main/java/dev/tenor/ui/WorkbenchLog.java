package dev.tenor.ui;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The workbench's log: lines from any thread, delivered to the FX thread in batches (one runLater per
 * burst, however many lines) so a chatty child process cannot flood the UI.
 */
public final class WorkbenchLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final List<Consumer<List<String>>> sinks = new ArrayList<>();

    /** Adds a receiver of line batches; called on the FX thread. */
    public void addSink(Consumer<List<String>> sink) {
        synchronized (sinks) {
            sinks.add(sink);
        }
    }

    /** Logs a line with the time of day; callable from any thread. */
    public void info(String line) {
        raw(LocalTime.now().format(TIME) + "  " + line);
    }

    /** Logs a line as it is (a child process's output). */
    public void raw(String line) {
        pending.add(line);
        if (scheduled.compareAndSet(false, true)) {
            try {
                Platform.runLater(this::drain);
            } catch (IllegalStateException e) {
                scheduled.set(false); // toolkit not running (closing down): the lines stay queued
            }
        }
    }

    private void drain() {
        scheduled.set(false);
        List<String> batch = new ArrayList<>();
        String line;
        while ((line = pending.poll()) != null) {
            batch.add(line);
        }
        if (batch.isEmpty()) {
            return;
        }
        List<Consumer<List<String>>> copy;
        synchronized (sinks) {
            copy = List.copyOf(sinks);
        }
        copy.forEach(s -> s.accept(batch));
    }
}
