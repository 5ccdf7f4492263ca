package dev.tenor.data;

import java.util.List;

/**
 * A head or tail entity of a FewRel instance, reduced to its first mention: the token range
 * {@code [start, end)} of the sentence. Later mentions are validated on reading but not used.
 *
 * @param name the entity name as FewRel gives it (lower-cased by FewRel; not used for swapping)
 * @param wikidataId the Wikidata id, {@code ""} when the file has none
 */
public record FewRelEntity(String name, String wikidataId, int start, int end) {

    public FewRelEntity {
        name = name == null ? "" : name;
        wikidataId = wikidataId == null ? "" : wikidataId;
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad entity span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    /** The entity's tokens in {@code sentence}. */
    public List<String> tokensIn(List<String> sentence) {
        return sentence.subList(start, end);
    }

    /** True when the two spans share at least one token. */
    public boolean overlaps(FewRelEntity other) {
        return start < other.end && other.start < end;
    }

    /** True when the two spans cover exactly the same tokens. */
    public boolean sameSpan(FewRelEntity other) {
        return start == other.start && end == other.end;
    }
}
