package dev.tenor.data;

import dev.tenor.io.AtomicFiles;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Downloads FewRel's upstream files ({@code data/} of the GitHub repository thunlp/FewRel). A file goes to a
 * temporary sibling first and is renamed when complete, so a failed or cancelled download leaves nothing.
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

    /** A download that failed; the message says which address and why, for people. */
    public static final class DownloadException extends IOException {

        private static final long serialVersionUID = 1L;

        public DownloadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI base;
    private final HttpClient client;
    private final Duration timeout;

    /** Downloads from {@code baseUrl} (the folder holding the files, with or without a final '/'). */
    public FewRelDownload(String baseUrl, Duration timeout) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
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
     * -1 when the server does not say).
     *
     * @throws DownloadException when offline, on a timeout or an HTTP error
     */
    public Path download(Upstream file, Path folder, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        URI uri = uri(file);
        Path target = folder.resolve(file.fileName());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
            throw offline(uri, e);
        } catch (HttpTimeoutException e) {
            throw new DownloadException("cannot download " + uri + ": no answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException) {
                throw offline(uri, e);
            }
            throw new DownloadException("cannot download " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new DownloadException("cannot download " + uri + ": HTTP " + response.statusCode()
                        + (response.statusCode() == 404 ? " (not found)" : ""), null);
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            String message = "downloading " + file.fileName();
            AtomicFiles.write(target, out -> {
                byte[] buffer = new byte[BUFFER];
                long done = 0;
                int n;
                progress.progress(0, length, message);
                while ((n = body.read(buffer)) >= 0) {
                    cancel.throwIfCancelled();
                    out.write(buffer, 0, n);
                    done += n;
                    progress.progress(done, length, message);
                }
                if (length >= 0 && done != length) {
                    throw new DownloadException("cannot download " + uri + ": connection closed after " + done
                            + " of " + length + " bytes", null);
                }
            });
        } catch (DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw new DownloadException("cannot download " + uri + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static DownloadException offline(URI uri, Exception cause) {
        return new DownloadException("cannot download " + uri + ": no connection to " + uri.getHost()
                + " (offline?). Download the file another way and give its path instead.", cause);
    }
}
