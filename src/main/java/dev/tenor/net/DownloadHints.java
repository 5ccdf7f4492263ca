package dev.tenor.net;

/**
 * What a download's failure message advises, per service: the Hub names its token and mirror variables, a
 * plain file server only the connection.
 *
 * @param offline after "cannot reach host: offline? (reason)."
 * @param unauthorized after "HTTP 401 Unauthorized" when no token was sent ("" for nothing)
 * @param tokenRejected after "HTTP 401 Unauthorized" when a token was sent
 * @param forbidden after "HTTP 403 Forbidden"
 */
public record DownloadHints(String offline, String unauthorized, String tokenRejected, String forbidden) {

    /** For a plain file server. */
    public static final DownloadHints PLAIN = new DownloadHints("Check the network connection.", "", "", "");
}
