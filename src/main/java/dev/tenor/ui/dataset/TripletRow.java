package dev.tenor.ui.dataset;

import dev.tenor.data.Triplet;
import java.util.List;
import java.util.Locale;

/**
 * A triplet as the Dataset tab's table shows it, with the swapped entities located in each sentence: the
 * anchor's own entities, the other instance's entities in the positive, the anchor's in the negative.
 */
public record TripletRow(Triplet triplet, boolean dev, List<EntityHighlights.Span> anchorSpans,
                         List<EntityHighlights.Span> positiveSpans, List<EntityHighlights.Span> negativeSpans) {

    public TripletRow {
        anchorSpans = List.copyOf(anchorSpans);
        positiveSpans = List.copyOf(positiveSpans);
        negativeSpans = List.copyOf(negativeSpans);
    }

    /** A row without highlights (when the FewRel source is not at hand). */
    public static TripletRow plain(Triplet t, boolean dev) {
        return new TripletRow(t, dev, List.of(), List.of(), List.of());
    }

    /** The relation as shown: name, or the id when the name is unknown. */
    public String relationLabel() {
        return triplet.relationName().isEmpty() ? triplet.relation() : triplet.relationName();
    }

    /** True when every word of {@code query} occurs in the relation, its name or one of the sentences. */
    public boolean matches(String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String hay = (triplet.relation() + " " + triplet.relationName() + " " + triplet.anchor() + " "
                + triplet.positive() + " " + triplet.negative()).toLowerCase(Locale.ROOT);
        for (String word : query.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!hay.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
