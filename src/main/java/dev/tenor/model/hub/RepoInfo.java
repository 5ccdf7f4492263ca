package dev.tenor.model.hub;

import java.util.List;
import java.util.Optional;

/**
 * What the Hub's API says about one revision of a repository.
 *
 * @param id the repository id, e.g. {@code sentence-transformers/all-MiniLM-L6-v2}
 * @param sha the commit the revision resolved to (40 hex digits)
 * @param lastModified the commit's date as the API gives it, or null
 * @param gated null when open, else the gating mode ({@code auto}, {@code manual})
 * @param files every file in the repository at that commit
 */
public record RepoInfo(String id, String sha, String lastModified, String gated, List<RepoFile> files) {

    public RepoInfo {
        files = List.copyOf(files);
    }

    /**
     * One file of a repository.
     *
     * @param path its path in the repository ({@code 1_Pooling/config.json})
     * @param size its size in bytes, or -1 when the API did not say
     * @param sha256 the SHA-256 of a Git LFS file's content, or null for a plain Git file
     */
    public record RepoFile(String path, long size, String sha256) {
    }

    public Optional<RepoFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    public boolean has(String path) {
        return file(path).isPresent();
    }
}
