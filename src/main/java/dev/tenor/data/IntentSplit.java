package dev.tenor.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One split (train, test or validation) of an intent dataset, read from {@code file} whose SHA-256 is
 * {@code sha256} (for cache keys). {@code blankLines} counts empty lines that were skipped.
 */
public record IntentSplit(String name, Path file, String sha256, List<IntentExample> examples, int blankLines) {

    public IntentSplit {
        examples = List.copyOf(examples);
    }

    public int size() {
        return examples.size();
    }

    public List<String> texts() {
        return examples.stream().map(IntentExample::text).toList();
    }

    public List<String> labels() {
        return examples.stream().map(IntentExample::label).toList();
    }

    /** Examples per label, by label name. */
    public Map<String, Integer> labelCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (IntentExample e : examples) {
            counts.merge(e.label(), 1, Integer::sum);
        }
        return counts;
    }
}
