package dev.tenor.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code metrics.jsonl}. Step lines carry {@code step}, {@code epoch}, {@code loss}, {@code lr},
 * {@code triplets_per_s} and {@code eta_s}; evaluations carry {@code dev_accuracy}, or {@code val_top1} (the
 * mean over the validation sets) with {@code val_top1_by_set} and {@code val_min_gain} (the smallest gain
 * over the base model across the sets, which {@code --select best} maximises);
 * lifecycle lines carry {@code event} ({@code start}, {@code checkpoint}, {@code resumed},
 * {@code stopped}, {@code done}, {@code error}).
 */
public record TrainingEvent(Map<String, Object> fields) {

    public static TrainingEvent of(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new TrainingEvent(m);
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public double number(String key) {
        Object v = fields.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** A field holding numbers by name (such as {@code val_top1_by_set}); empty when absent. */
    public Map<String, Double> numbers(String key) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (fields.get(key) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (v instanceof Number n) {
                    out.put(String.valueOf(k), n.doubleValue());
                }
            });
        }
        return out;
    }

    public boolean has(String key) {
        return fields.containsKey(key);
    }
}
