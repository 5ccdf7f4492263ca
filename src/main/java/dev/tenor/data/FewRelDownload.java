package dev.tenor.data;

import dev.tenor.net.DownloadException;
import dev.tenor.net.DownloadHints;
import dev.tenor.net.HttpDownloader;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Downloads FewRel's upstream files ({@code data/} of the GitHub repository thunlp/FewRel) with Tenor's one
 * downloader ({@link HttpDownloader}: retries, resume, a {@code .part} file renamed only when complete).
 */
public final class FewRelDownload {

    public static final String DEFAULT_BASE_URL = "https://raw.githubusercontent.com/thunlp/FewRel/master/data/";
    /** A system property that replaces {@link #DEFAULT_BASE_URL} (a mirror, or a local server in tests). */
    public static final String BASE_URL_PROPERTY = "tenor.fewrel.url";

    private static final int BUFFER = 1 << 16;

    /** The upstream files. */
    public enum Upstream {
        TRAIN_WIKI("train_wiki.json"),
        VAL_WIKI("val_wiki.json"),
        PID2NAME("pid2name.json");

        private final String fileName;

        Upstream(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }

        /** The file a name such as {@code train_wiki} stands for. */
        public static Optional<Upstream> byName(String name) {
            for (Upstream u : values()) {
                if (u.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return Optional.of(u);
                }
            }
            return Optional.empty();
        }
    }

    /** What failed downloads of FewRel advise. */
    static final DownloadHints HINTS = new DownloadHints(
            "Download the file another way and give its path instead.", "", "", "");

    private final URI base;
    private final HttpDownloader downloader;

    /** Downloads from {@code baseUrl} (the folder holding the files, with or without a final '/'). */
    public FewRelDownload(String baseUrl, Duration timeout) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.downloader = HttpDownloader.builder().optConnectTimeout(timeout).optReadTimeout(timeout)
                .optHints(HINTS).build();
    }

    /** Downloads from the {@value #BASE_URL_PROPERTY} property, else from GitHub. */
    public static FewRelDownload fromSystemProperties() {
        String url = System.getProperty(BASE_URL_PROPERTY);
        return new FewRelDownload(url == null || url.isBlank() ? DEFAULT_BASE_URL : url, Duration.ofSeconds(30));
    }

    public URI uri(Upstream file) {
        return base.resolve(file.fileName());
    }

    /** The file in {@code folder}, downloaded first unless it is already there. */
    public Path fetch(Upstream file, Path folder, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        Path target = folder.resolve(file.fileName());
        return Files.isRegularFile(target) ? target : download(file, folder, progress, cancel);
    }

    /**
     * Downloads the file into {@code folder}, replacing an earlier copy; progress counts bytes (the total is
     * -1 when the server does not say). An interrupted download resumes where it stopped on the next try.
     *
     * @throws DownloadException when offline, on a timeout or an HTTP error
     */
    public Path download(Upstream file, Path folder, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        String message = "downloading " + file.fileName();
        return downloader.download(uri(file), folder.resolve(file.fileName()),
                (done, total, m) -> progress.progress(done, total, message), cancel).file();
    }
}
