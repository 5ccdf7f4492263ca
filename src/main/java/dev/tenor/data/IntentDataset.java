package dev.tenor.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An intent dataset: labelled sentences in a train and a test split, and maybe a validation split
 * ({@code validation} is null when the folder has none). The retrieval evaluation indexes train and
 * queries with test.
 */
public record IntentDataset(String name, Path folder, IntentColumns columns, IntentSplit train,
        IntentSplit test, IntentSplit validation) {

    public IntentDataset {
        if (train == null || test == null) {
            throw new IllegalArgumentException("an intent dataset needs a train and a test split");
        }
    }

    public Optional<IntentSplit> validationSplit() {
        return Optional.ofNullable(validation);
    }

    public Set<String> trainLabels() {
        return train.labelCounts().keySet();
    }

    /** Test labels that no training sentence has, with their number of test sentences (never right). */
    public Map<String, Integer> unknownTestLabels() {
        Set<String> known = trainLabels();
        Map<String, Integer> unknown = new TreeMap<>();
        test.labelCounts().forEach((label, n) -> {
            if (!known.contains(label)) {
                unknown.put(label, n);
            }
        });
        return unknown;
    }

    /** Test sentences whose label is not in train. */
    public int unknownTestSentences() {
        return unknownTestLabels().values().stream().mapToInt(Integer::intValue).sum();
    }

    /** SHA-256 over the split files' hashes and the column settings: changes whenever the content read does. */
    public String sha256() {
        StringBuilder key = new StringBuilder();
        key.append("columns:").append(columns.text()).append('|').append(columns.labelDescription()).append('\n');
        key.append("train:").append(train.sha256()).append('\n');
        key.append("test:").append(test.sha256()).append('\n');
        if (validation != null) {
            key.append("validation:").append(validation.sha256()).append('\n');
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(key.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
