package dev.tenor.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.train.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsChartModelTest {

    @Test
    void stepsBecomeRawAndSmoothedLossLearningRateAndNumbers() {
        MetricsChartModel m = new MetricsChartModel();
        m.accept(List.of(TrainingEvent.of("event", "start", "step", 0),
                TrainingEvent.of("step", 0, "dev_accuracy", 0.6),
                TrainingEvent.of("step", 1, "epoch", 0.01, "loss", 1.0, "lr", 1e-5, "triplets_per_s", 11.5, "eta_s", 125.0),
                TrainingEvent.of("step", 2, "epoch", 0.02, "loss", 0.0, "lr", 2e-5, "triplets_per_s", 12.0, "eta_s", 59.6)));
        assertEquals(2, m.loss().getData().size());
        assertEquals(1.0, m.smoothedLoss().getData().get(0).getYValue().doubleValue(), 1e-12, "debiased first value");
        // (0.9 * 0.1 + 0.1 * 0) / (1 - 0.81) = 0.09 / 0.19
        assertEquals(0.09 / 0.19, m.smoothedLoss().getData().get(1).getYValue().doubleValue(), 1e-12);
        assertEquals(2e-5, m.learningRate().getData().get(1).getYValue().doubleValue(), 0);
        assertEquals(1, m.devAccuracy().getData().size());
        assertEquals("step 2 · epoch 0.02 · loss 0.0000", m.progressProperty().get());
        assertEquals("12.0 triplets/s · lr 2.00e-05", m.speedProperty().get());
        assertEquals("1 min 00 s", m.etaProperty().get());
        assertEquals("dev accuracy 0.600 at step 0", m.accuracyProperty().get());
        assertEquals("started", m.lastEventProperty().get());
        m.accept(TrainingEvent.of("event", "stopped", "step", 2));
        assertEquals("stopped at step 2 (checkpoint saved)", m.lastEventProperty().get());
        m.clear();
        assertEquals(0, m.loss().getData().size());
        assertEquals("", m.progressProperty().get());
    }

    @Test
    void eachValidationSetGetsItsOwnSeriesFromMetricsLines() {
        MetricsChartModel m = new MetricsChartModel();
        m.accept(List.of(
                dev.tenor.train.MetricsLog.parse("{\"step\":0,\"val_top1\":0.8,\"val_top1_by_set\":"
                        + "{\"mtop_intent/en\":0.75,\"atis\":0.85},\"val_min_gain\":0.0}"),
                dev.tenor.train.MetricsLog.parse("{\"step\":50,\"val_top1\":0.9,\"val_top1_by_set\":"
                        + "{\"mtop_intent/en\":0.9,\"atis\":0.9},\"val_min_gain\":0.05}"),
                TrainingEvent.of("step", 50, "merge_alpha", 0.5, "val_top1", 0.95)));
        assertEquals(4, m.accuracySeries().size());
        assertEquals("val top-1 atis", m.valTop1("atis").getName());
        assertEquals(List.of(0.85, 0.9), m.valTop1("atis").getData().stream()
                .map(d -> d.getYValue().doubleValue()).toList());
        assertEquals(2, m.valTop1().getData().size(), "a merge trial is not a training step");
        assertEquals("val top-1 0.900 (mtop_intent/en 0.900, atis 0.900) at step 50", m.accuracyProperty().get());
        m.clear();
        assertEquals(2, m.accuracySeries().size());
    }

    @Test
    void longRunsAreThinnedButKeepTheirShape() {
        MetricsChartModel m = new MetricsChartModel();
        List<TrainingEvent> events = new ArrayList<>();
        for (int s = 1; s <= 5000; s++) {
            events.add(TrainingEvent.of("step", s, "loss", 1.0 / s, "lr", 1e-5));
        }
        m.accept(events);
        int n = m.loss().getData().size();
        assertTrue(n <= MetricsChartModel.MAX_POINTS && n >= MetricsChartModel.MAX_POINTS / 2, "points " + n);
        assertEquals(5000, m.steps());
        assertEquals(1, m.loss().getData().get(0).getXValue().intValue());
        assertTrue(m.loss().getData().get(n - 1).getXValue().intValue() > 4990);
        for (int i = 1; i < n; i++) {
            assertTrue(m.loss().getData().get(i).getXValue().intValue() > m.loss().getData().get(i - 1).getXValue()
                    .intValue());
        }
        assertEquals("3 h 05 min", MetricsChartModel.duration(11_100));
        assertEquals("45 s", MetricsChartModel.duration(45.2));
    }
}
