package dev.tenor.ui.train;

import dev.tenor.train.TrainingEvent;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.chart.XYChart;

/**
 * The Train tab's charts as data: raw and smoothed loss, learning rate, dev accuracy and val_top1 points by
 * step, and the latest numbers (step, epoch, throughput, ETA). Fed with {@code metrics.jsonl} events on the
 * FX thread. Long runs are thinned so a chart never holds more than {@link #MAX_POINTS} points a series.
 */
public final class MetricsChartModel {

    /** Points per series before thinning. */
    public static final int MAX_POINTS = 1500;
    /** Weight of the history in the smoothed loss (TensorBoard's default smoothing). */
    public static final double SMOOTHING = 0.9;

    private final XYChart.Series<Number, Number> loss = series("loss");
    private final XYChart.Series<Number, Number> smoothed = series("smoothed");
    private final XYChart.Series<Number, Number> lr = series("learning rate");
    private final XYChart.Series<Number, Number> devAccuracy = series("dev accuracy");
    private final XYChart.Series<Number, Number> valTop1 = series("val top-1");
    /** The accuracy chart's series: dev accuracy, the mean val top-1, then one per validation set as seen. */
    private final javafx.collections.ObservableList<XYChart.Series<Number, Number>> accuracySeries =
            javafx.collections.FXCollections.observableArrayList(List.of(devAccuracy, valTop1));
    private final java.util.Map<String, XYChart.Series<Number, Number>> bySet = new java.util.LinkedHashMap<>();
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper speed = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper accuracy = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastEvent = new ReadOnlyStringWrapper("");

    private double ema;
    private int emaCount;
    private int stride = 1;
    private int sinceKept;
    private int steps;

    public XYChart.Series<Number, Number> loss() {
        return loss;
    }

    public XYChart.Series<Number, Number> smoothedLoss() {
        return smoothed;
    }

    public XYChart.Series<Number, Number> learningRate() {
        return lr;
    }

    public XYChart.Series<Number, Number> devAccuracy() {
        return devAccuracy;
    }

    /** Dev accuracy, mean val top-1 and one series per validation set (added as events name them). */
    public javafx.collections.ObservableList<XYChart.Series<Number, Number>> accuracySeries() {
        return accuracySeries;
    }

    /** The val top-1 series of one validation set, or null before an event names it. */
    public XYChart.Series<Number, Number> valTop1(String set) {
        return bySet.get(set);
    }

    public XYChart.Series<Number, Number> valTop1() {
        return valTop1;
    }

    /** "step 120 · epoch 0.45 · loss 0.3121". */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty accuracyProperty() {
        return accuracy.getReadOnlyProperty();
    }

    /** The latest lifecycle event, e.g. "checkpoint at step 500". */
    public ReadOnlyStringProperty lastEventProperty() {
        return lastEvent.getReadOnlyProperty();
    }

    /** Step events seen (not the points kept). */
    public int steps() {
        return steps;
    }

    public void clear() {
        for (var s : List.of(loss, smoothed, lr, devAccuracy, valTop1)) {
            s.getData().clear();
        }
        accuracySeries.removeAll(bySet.values());
        bySet.clear();
        ema = 0;
        emaCount = 0;
        stride = 1;
        sinceKept = 0;
        steps = 0;
        progress.set("");
        speed.set("");
        eta.set("");
        accuracy.set("");
        lastEvent.set("");
    }

    /** Adds a batch of events (FX thread). */
    public void accept(List<TrainingEvent> events) {
        for (TrainingEvent e : events) {
            accept(e);
        }
    }

    public void accept(TrainingEvent e) {
        double step = e.number("step");
        if (e.has("loss") && !Double.isNaN(step)) {
            steps++;
            double value = e.number("loss");
            emaCount++;
            ema = SMOOTHING * ema + (1 - SMOOTHING) * value;
            double debiased = ema / (1 - Math.pow(SMOOTHING, emaCount));
            if (++sinceKept >= stride) {
                sinceKept = 0;
                loss.getData().add(new XYChart.Data<>(step, value));
                smoothed.getData().add(new XYChart.Data<>(step, debiased));
                if (e.has("lr")) {
                    lr.getData().add(new XYChart.Data<>(step, e.number("lr")));
                }
                if (loss.getData().size() > MAX_POINTS) {
                    thin();
                }
            }
            progress.set(String.format(Locale.ROOT, "step %d%s · loss %.4f", (long) step,
                    e.has("epoch") ? String.format(Locale.ROOT, " · epoch %.2f", e.number("epoch")) : "", value));
            if (e.has("triplets_per_s")) {
                speed.set(String.format(Locale.ROOT, "%.1f triplets/s · lr %.2e", e.number("triplets_per_s"),
                        e.number("lr")));
            }
            if (e.has("eta_s")) {
                eta.set(duration(e.number("eta_s")));
            }
        }
        if (e.has("dev_accuracy") && !Double.isNaN(step)) {
            devAccuracy.getData().add(new XYChart.Data<>(step, e.number("dev_accuracy")));
            accuracy.set(String.format(Locale.ROOT, "dev accuracy %.3f at step %d", e.number("dev_accuracy"),
                    (long) step));
        }
        if (e.has("val_top1") && !Double.isNaN(step) && !e.has("merge_alpha")) {
            valTop1.getData().add(new XYChart.Data<>(step, e.number("val_top1")));
            Map<String, Double> sets = e.numbers("val_top1_by_set");
            if (sets.size() > 1) {
                sets.forEach((set, v) -> bySet.computeIfAbsent(set, k -> {
                    XYChart.Series<Number, Number> s = series("val top-1 " + k);
                    accuracySeries.add(s);
                    return s;
                }).getData().add(new XYChart.Data<>(step, v)));
            }
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "val top-1 %.3f", e.number("val_top1")));
            if (sets.size() > 1) {
                StringBuilder parts = new StringBuilder();
                sets.forEach((set, v) -> parts.append(parts.length() == 0 ? "" : ", ").append(set).append(' ')
                        .append(String.format(Locale.ROOT, "%.3f", v)));
                text.append(" (").append(parts).append(')');
            }
            accuracy.set(text.append(" at step ").append((long) step).toString());
        }
        Object event = e.get("event");
        if (event != null) {
            lastEvent.set(describe(event.toString(), e));
        }
    }

    /** Keeps every other point and doubles the stride for new ones. */
    private void thin() {
        for (var s : List.of(loss, smoothed, lr)) {
            var kept = new java.util.ArrayList<XYChart.Data<Number, Number>>(s.getData().size() / 2 + 1);
            for (int i = 0; i < s.getData().size(); i += 2) {
                kept.add(new XYChart.Data<>(s.getData().get(i).getXValue(), s.getData().get(i).getYValue()));
            }
            s.getData().setAll(kept);
        }
        stride *= 2;
    }

    static String describe(String event, TrainingEvent e) {
        String at = e.has("step") ? " at step " + (long) e.number("step") : "";
        return switch (event) {
            case "start" -> "started";
            case "checkpoint" -> "checkpoint" + at + (e.get("path") != null ? ": " + e.get("path") : "");
            case "resumed" -> "resumed" + at;
            case "stopped" -> "stopped" + at + " (checkpoint saved)";
            case "done" -> "done" + at + (e.get("model") != null ? ": model in " + e.get("model") : "");
            case "merged" -> "merged with the base at alpha " + e.get("merge_alpha");
            case "error" -> "error: " + e.get("message");
            default -> event + at;
        };
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            return "";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }

    private static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }
}
