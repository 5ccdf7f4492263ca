package dev.tenor.data;

import dev.tenor.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

/**
 * Relation names and descriptions read from a {@code pid2name.json}, with the file's hash for provenance.
 *
 * @param source the file, or {@code null} for {@link #NONE}
 * @param sha256 lower-case hex SHA-256 of the file, or {@code null} for {@link #NONE}
 */
public record RelationNames(Path source, String sha256, Map<String, RelationInfo> byId) {

    /** No names: every relation's name is {@code ""}. */
    public static final RelationNames NONE = new RelationNames(null, null, Map.of());

    public RelationNames {
        byId = Map.copyOf(byId);
    }

    /** Reads a {@code pid2name.json}. */
    public static RelationNames read(Path file) {
        Map<String, RelationInfo> names = FewRelReader.readRelationNames(file);
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new RelationNames(file, HexFormat.of().formatHex(FewRelReader.sha256().digest(bytes)), names);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The relation's name, or {@code ""} when unknown. */
    public String name(String relation) {
        RelationInfo info = byId.get(relation);
        return info == null ? "" : info.name();
    }
}
