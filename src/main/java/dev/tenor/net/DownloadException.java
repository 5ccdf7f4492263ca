package dev.tenor.net;

import java.io.IOException;
import java.net.URI;

/**
 * A download that failed for a network or server reason. The message is meant for people; {@link #status()}
 * and {@link #errorCode()} let callers that know more (the Hub client knows the repository, file and revision)
 * say it better.
 */
public final class DownloadException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient URI url;
    private final String errorCode;
    private final boolean retryable;

    DownloadException(String message, int status, URI url, String errorCode, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.url = url;
        this.errorCode = errorCode;
        this.retryable = retryable;
    }

    /** The HTTP status, or 0 when no answer came (unreachable host, timeout, broken connection). */
    public int status() {
        return status;
    }

    /** The URL asked for (before redirects), without its query. */
    public URI url() {
        return url;
    }

    /** The Hub's {@code X-Error-Code} header (e.g. {@code GatedRepo}, {@code RepoNotFound}), or null. */
    public String errorCode() {
        return errorCode;
    }

    /** Whether asking again may succeed (a broken connection, a timeout, a 5xx answer). */
    public boolean retryable() {
        return retryable;
    }
}
