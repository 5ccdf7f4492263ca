package dev.tenor.data;

import java.util.ArrayList;
import java.util.List;

/** The two ways of putting one instance's entities into another sentence (see {@link SwapMode}). */
public final class EntitySwap {

    private EntitySwap() {
    }

    /**
     * Replaces the tokens of {@code head} by {@code newHead} and those of {@code tail} by {@code newTail}.
     * The later span is replaced first, so the earlier span's positions are still valid when its turn comes.
     *
     * @throws IllegalArgumentException when the spans overlap: there is no single right answer then
     */
    public static List<String> spans(List<String> tokens, FewRelEntity head, List<String> newHead,
            FewRelEntity tail, List<String> newTail) {
        if (head.overlaps(tail)) {
            throw new IllegalArgumentException("head " + span(head) + " and tail " + span(tail) + " overlap");
        }
        List<String> out = new ArrayList<>(tokens);
        boolean headFirst = head.start() < tail.start();
        FewRelEntity later = headFirst ? tail : head;
        FewRelEntity earlier = headFirst ? head : tail;
        replace(out, later, headFirst ? newTail : newHead);
        replace(out, earlier, headFirst ? newHead : newTail);
        return out;
    }

    private static void replace(List<String> tokens, FewRelEntity span, List<String> with) {
        List<String> range = tokens.subList(span.start(), span.end());
        range.clear();
        range.addAll(with);
    }

    /**
     * The reference's replacement: {@code sentence.replace(oldHead, newHead).replace(oldTail, newTail)} with
     * Python's {@code str.replace}, including its side effects (every occurrence, inside words too, and a
     * tail found inside the new head text).
     */
    public static String strings(String sentence, String oldHead, String newHead, String oldTail, String newTail) {
        return pythonReplace(pythonReplace(sentence, oldHead, newHead), oldTail, newTail);
    }

    /**
     * Python's {@code str.replace(old, new)}: every non-overlapping occurrence, left to right. An empty
     * {@code old} inserts {@code replacement} between code points (Java's {@link String#replace} would split
     * surrogate pairs).
     */
    public static String pythonReplace(String s, String old, String replacement) {
        if (!old.isEmpty()) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder(s.length() + (s.length() + 1) * replacement.length());
        out.append(replacement);
        s.codePoints().forEach(cp -> out.appendCodePoint(cp).append(replacement));
        return out.toString();
    }

    private static String span(FewRelEntity e) {
        return "[" + e.start() + ", " + e.end() + ")";
    }
}
