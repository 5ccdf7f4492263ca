package dev.tenor.data;

/** A relation's name and description from {@code pid2name.json}. */
public record RelationInfo(String id, String name, String description) {
}
