package dev.tenor.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Hands items produced on any thread to the FX thread in batches: at most one {@code runLater} is pending,
 * so a fast producer (a training run's metrics) costs one UI update per frame, not one per item.
 */
public final class FxBatcher<T> {

    private final ConcurrentLinkedQueue<T> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<List<T>> consumer;

    public FxBatcher(Consumer<List<T>> consumer) {
        this.consumer = consumer;
    }

    public void add(T item) {
        pending.add(item);
        if (scheduled.compareAndSet(false, true)) {
            try {
                Platform.runLater(this::drain);
            } catch (IllegalStateException e) {
                scheduled.set(false);
            }
        }
    }

    private void drain() {
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        T item;
        while ((item = pending.poll()) != null) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            consumer.accept(batch);
        }
    }
}
