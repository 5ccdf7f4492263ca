package dev.tenor.ui.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where the swapped entities sit in a triplet's sentences: every whole-word occurrence of the head's and
 * the tail's text. Plain logic, no JavaFX, so it is tested on its own.
 */
public final class EntityHighlights {

    /** Which entity a span shows. */
    public enum Role { HEAD, TAIL }

    /** Characters {@code [start, end)} of a sentence. */
    public record Span(int start, int end, Role role) {
    }

    private EntityHighlights() {
    }

    /**
     * The non-overlapping occurrences of {@code head} and {@code tail} in {@code sentence}, in order; where
     * two overlap the longer one wins. Blank entity texts are ignored.
     */
    public static List<Span> find(String sentence, String head, String tail) {
        List<Span> all = new ArrayList<>();
        occurrences(sentence, head, Role.HEAD, all);
        occurrences(sentence, tail, Role.TAIL, all);
        all.sort(Comparator.comparingInt((Span s) -> -(s.end - s.start)).thenComparingInt(Span::start));
        List<Span> kept = new ArrayList<>();
        for (Span s : all) {
            boolean free = kept.stream().noneMatch(k -> k.start < s.end && s.start < k.end);
            if (free) {
                kept.add(s);
            }
        }
        kept.sort(Comparator.comparingInt(Span::start));
        return kept;
    }

    private static void occurrences(String sentence, String entity, Role role, List<Span> out) {
        if (entity == null || entity.isBlank()) {
            return;
        }
        int from = 0;
        while (true) {
            int at = sentence.indexOf(entity, from);
            if (at < 0) {
                return;
            }
            int end = at + entity.length();
            if (boundary(sentence, at - 1) && boundary(sentence, end)) {
                out.add(new Span(at, end, role));
            }
            from = at + 1;
        }
    }

    /** True when position {@code i} is outside the text or not a letter or digit. */
    private static boolean boundary(String s, int i) {
        return i < 0 || i >= s.length() || !Character.isLetterOrDigit(s.charAt(i));
    }
}
