package dev.tenor.data;

/**
 * Where a triplet dataset came from, written into its {@code stats.json} so a model trained on it can be
 * traced back: the source file and its hash, the names file, and every setting of the build.
 *
 * @param source the FewRel file as given
 * @param sourceSha256 lower-case hex SHA-256 of the FewRel file
 * @param relationNames the pid2name file, or {@code null} when none was used
 * @param relationNamesSha256 its SHA-256, or {@code null}
 * @param tenorVersion the version of Tenor that built the dataset
 */
public record Provenance(String source, String sourceSha256, long sourceBytes, String relationNames,
        String relationNamesSha256, TripletOptions options, String tenorVersion) {
}
