package dev.tenor.model.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link HubClient#pullModel}.
 *
 * @param repo the repository id
 * @param revision the revision asked for (a branch, tag, commit or {@code refs/pr/N})
 * @param sha the commit it resolved to; the files are that commit's
 * @param folder the model folder
 * @param files the files in the folder that came from the Hub
 * @param bytesDownloaded bytes transferred by this pull (0 when the folder was already up to date)
 * @param upToDate true when the folder already held this commit and nothing was downloaded
 */
public record PullResult(String repo, String revision, String sha, Path folder, List<DownloadedFile> files,
                         long bytesDownloaded, boolean upToDate) {

    public PullResult {
        files = List.copyOf(files);
    }

    /** Total size of the files in bytes. */
    public long totalBytes() {
        return files.stream().mapToLong(DownloadedFile::size).sum();
    }
}
