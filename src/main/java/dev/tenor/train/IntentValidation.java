package dev.tenor.train;

import dev.tenor.model.SentenceEncoder;
import dev.tenor.task.CancellationToken;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a model during training: exact top-1 intent retrieval on the validation split of one or several
 * intent sets.
 */
public interface IntentValidation {

    /** The sets measured, in order (names as they appear in {@code val_top1_by_set}). */
    List<String> sets();

    /** Top-1 accuracy of {@code encoder}'s current weights on each set, in {@link #sets()} order. */
    Map<String, Double> top1BySet(SentenceEncoder encoder, CancellationToken cancel);

    /** Several validations measured one after another (their set names must differ). */
    static IntentValidation all(List<IntentValidation> parts) {
        List<String> names = parts.stream().flatMap(p -> p.sets().stream()).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("validation sets must differ: " + names);
        }
        return new IntentValidation() {
            @Override
            public List<String> sets() {
                return names;
            }

            @Override
            public Map<String, Double> top1BySet(SentenceEncoder encoder, CancellationToken cancel) {
                Map<String, Double> out = new LinkedHashMap<>();
                for (IntentValidation p : parts) {
                    out.putAll(p.top1BySet(encoder, cancel));
                }
                return out;
            }
        };
    }
}
