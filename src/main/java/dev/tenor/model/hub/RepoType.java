package dev.tenor.model.hub;

/** The kinds of Hub repositories Tenor downloads from; they differ only in their URL prefixes. */
public enum RepoType {
    MODEL("models", ""),
    DATASET("datasets", "datasets/");

    private final String apiSegment;
    private final String urlPrefix;

    RepoType(String apiSegment, String urlPrefix) {
        this.apiSegment = apiSegment;
        this.urlPrefix = urlPrefix;
    }

    /** {@code models} or {@code datasets}, as in {@code /api/models/{repo}/revision/{revision}}. */
    public String apiSegment() {
        return apiSegment;
    }

    /** "" or {@code datasets/}, as in {@code /datasets/{repo}/resolve/{revision}/{file}}. */
    public String urlPrefix() {
        return urlPrefix;
    }

    /** How messages name a repository of this kind: "org/model" or "dataset org/data". */
    public String describe(String repo) {
        return this == MODEL ? repo : "dataset " + repo;
    }
}
