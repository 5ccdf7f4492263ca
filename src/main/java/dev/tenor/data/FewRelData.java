package dev.tenor.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A FewRel file as read, relations in file order.
 *
 * @param sha256 lower-case hex SHA-256 of the file's bytes, for provenance
 * @param bytes the file's size
 */
public record FewRelData(Path source, String sha256, long bytes, List<FewRelRelation> relations) {

    public FewRelData {
        relations = List.copyOf(relations);
    }

    /** All entries of all relations, valid or not. */
    public int instanceCount() {
        return relations.stream().mapToInt(FewRelRelation::size).sum();
    }

    public int invalidCount() {
        return relations.stream().mapToInt(r -> r.invalid().size()).sum();
    }
}
