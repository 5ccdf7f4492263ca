package dev.tenor.data;

import java.util.Objects;

/**
 * One training triplet, as a line of {@code triplets.jsonl}.
 *
 * @param anchor instance {@code a}'s sentence
 * @param positive {@code a}'s sentence with {@code b}'s entities
 * @param negative {@code b}'s sentence with {@code a}'s entities
 * @param relation the relation id, e.g. {@code P931}
 * @param relationName the relation's name from pid2name.json, {@code ""} when unknown
 * @param anchorIndex position of {@code a} in the relation's list of the input file, -1 when unknown
 * @param otherIndex position of {@code b} in that list, -1 when unknown
 */
public record Triplet(String anchor, String positive, String negative, String relation, String relationName,
        int anchorIndex, int otherIndex) {

    public Triplet {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(positive, "positive");
        Objects.requireNonNull(negative, "negative");
        relation = relation == null ? "" : relation;
        relationName = relationName == null ? "" : relationName;
    }
}
