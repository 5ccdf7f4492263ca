package dev.tenor.eval;

import java.time.Instant;
import java.util.List;

/**
 * Everything one evaluation found: the dataset, the settings, one result per model and index kind (in the
 * order the models were given, exact before annoy), and notes for the reader (unknown labels, blank lines,
 * an Annoy fallback).
 */
public record EvaluationReport(DatasetSummary dataset, EvaluationOptions options, List<EvaluationResult> results,
        List<String> notes, Instant created) {

    public EvaluationReport {
        results = List.copyOf(results);
        notes = List.copyOf(notes);
    }
}
