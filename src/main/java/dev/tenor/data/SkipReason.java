package dev.tenor.data;

/** Why an instance of the input produced no triplet. Every instance is either used or skipped for one reason. */
public enum SkipReason {
    MALFORMED_INSTANCE("malformed_instance", "malformed instance (not an object, or tokens/h/t of the wrong shape)"),
    MISSING_ENTITY("missing_entity", "missing head or tail (h/t)"),
    SPAN_OUT_OF_RANGE("span_out_of_range", "entity position outside the sentence"),
    SPAN_NOT_CONTIGUOUS("span_not_contiguous", "entity positions not consecutive"),
    IDENTICAL_SPANS("identical_spans", "head and tail are the same tokens"),
    OVERLAPPING_SPANS("overlapping_spans", "head and tail overlap"),
    RELATION_TOO_SMALL("relation_too_small", "relation has fewer than two distinct sentences"),
    OVER_CAP("over_cap", "beyond the per-relation cap"),
    NO_DISTINCT_PARTNER("no_distinct_partner", "no other instance with a different sentence in its split");

    private final String key;
    private final String description;

    SkipReason(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The name used in stats.json. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }
}
