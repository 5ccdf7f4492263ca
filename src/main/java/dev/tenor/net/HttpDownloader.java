package dev.tenor.net;

import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Downloads one URL to one file over {@link HttpClient}: bytes go to {@code <file>.part}, which is kept when a
 * download fails so the next try continues with a {@code Range} request, and is renamed onto the file only when
 * complete. Follows redirects itself (the Hub sends large files to a CDN, sometimes with a relative
 * {@code Location}) so the bearer token never leaves the host it was meant for.
 */
public final class HttpDownloader {

    private static final int MAX_REDIRECTS = 10;
    private static final long POLL_MILLIS = 100;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes\\s+\\*/(\\d+)");

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int retries;
    private final Duration retryDelay;
    private final String token;
    private final String userAgent;
    private final DownloadHints hints;

    private HttpDownloader(Builder b) {
        this.hints = b.hints;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.retries = b.retries;
        this.retryDelay = b.retryDelay;
        this.token = b.token;
        this.userAgent = b.userAgent;
        // Redirects are followed by hand (see open); the default proxy selector honours -Dhttps.proxyHost.
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault())
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether requests carry a bearer token. */
    public boolean hasToken() {
        return token != null;
    }

    /** The file a download of {@code target} writes to until it is complete. */
    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /** What one {@link #download} did. */
    public record Result(Path file, long size, long transferred, boolean resumed) {
    }

    /**
     * Downloads {@code url} to {@code target}, resuming a {@code target.part} left by an earlier try.
     *
     * @param progress told (bytes of this file so far, its size or -1, the file name)
     * @throws DownloadException on a network or HTTP failure; the partial file is kept
     * @throws CancelledException when {@code cancel} is cancelled; the partial file is kept
     */
    public Result download(URI url, Path target, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        Objects.requireNonNull(url, "url");
        Path part = partFile(target);
        Files.createDirectories(target.toAbsolutePath().getParent());
        long transferred = 0;
        boolean resumed = false;
        for (int attempt = 0; ; attempt++) {
            cancel.throwIfCancelled();
            long before = Files.exists(part) ? Files.size(part) : 0;
            try {
                Attempt a = attempt(url, part, target.getFileName().toString(), progress, cancel);
                transferred += a.transferred();
                resumed |= a.resumed();
                break;
            } catch (DownloadException e) {
                long after = Files.exists(part) ? Files.size(part) : 0;
                transferred += Math.max(0, after - before);
                if (!e.retryable() || attempt >= retries) {
                    throw e;
                }
                pause(retryDelay.multipliedBy(attempt + 1L), cancel);
            }
        }
        move(part, target);
        return new Result(target, Files.size(target), transferred, resumed);
    }

    /** Fetches a small answer (an API's JSON) into memory, at most {@code maxBytes}. */
    public byte[] fetch(URI url, long maxBytes, CancellationToken cancel) throws IOException {
        for (int attempt = 0; ; attempt++) {
            cancel.throwIfCancelled();
            try {
                return fetchOnce(url, maxBytes, cancel);
            } catch (DownloadException e) {
                if (!e.retryable() || attempt >= retries) {
                    throw e;
                }
                pause(retryDelay.multipliedBy(attempt + 1L), cancel);
            }
        }
    }

    private byte[] fetchOnce(URI url, long maxBytes, CancellationToken cancel) throws IOException {
        Opened r = open(url, 0, null, cancel);
        if (r.status() != 200) {
            r.discard();
            throw statusError(url, r.status(), r.response().headers());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Body body = r.subscribe();
        try {
            List<ByteBuffer> chunk;
            while ((chunk = body.next(readTimeout, cancel)) != null) {
                for (ByteBuffer bb : chunk) {
                    byte[] bytes = new byte[bb.remaining()];
                    bb.get(bytes);
                    out.write(bytes);
                }
                if (out.size() > maxBytes) {
                    throw new DownloadException(withoutQuery(url) + ": answer larger than " + maxBytes + " bytes",
                            200, withoutQuery(url), null, false, null);
                }
            }
        } catch (HttpTimeoutException e) {
            throw timeout(r.url(), null, e);
        } catch (DownloadException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new DownloadException("connection to " + hostPort(r.url()) + " broke off while reading "
                    + withoutQuery(url) + " (" + describe(e) + ")", 0, withoutQuery(url), null, true, e);
        } finally {
            body.cancel();
        }
        return out.toByteArray();
    }

    private record Attempt(long transferred, boolean resumed) {
    }

    /** One request (plus, when the server will not resume, one restart); the finished bytes stay in part. */
    private Attempt attempt(URI url, Path part, String name, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        Opened r = open(url, have, name, cancel);
        int status = r.status();
        if (status == 416 && have > 0) {
            // Nothing left to send from that offset: either the part is already whole, or it is not this file.
            long size = unsatisfiedSize(r.response().headers());
            r.discard();
            if (size == have) {
                progress.progress(have, have, name);
                return new Attempt(0, true);
            }
            Files.delete(part);
            have = 0;
            r = open(url, 0, name, cancel);
            status = r.status();
        }
        if (status == 206) {
            long[] range = contentRange(r.response().headers());
            if (range == null || range[0] != have) {
                // A range we did not ask for: start over rather than splice bytes from elsewhere.
                r.discard();
                Files.deleteIfExists(part);
                have = 0;
                r = open(url, 0, name, cancel);
                status = r.status();
            } else {
                return write(r, part, name, true, have, range[2], progress, cancel);
            }
        }
        if (status == 200) {
            // A 200 to a Range request means the server ignored the range: the body is the whole file.
            long length = r.response().headers().firstValueAsLong("content-length").orElse(-1);
            return write(r, part, name, false, 0, length, progress, cancel);
        }
        r.discard();
        throw statusError(url, status, r.response().headers());
    }

    private Attempt write(Opened r, Path part, String name, boolean append, long start, long total,
                          ProgressListener progress, CancellationToken cancel) throws IOException {
        long done = start;
        Body body = r.subscribe();
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            progress.progress(done, total, name);
            try {
                List<ByteBuffer> chunk;
                while ((chunk = body.next(readTimeout, cancel)) != null) {
                    for (ByteBuffer bb : chunk) {
                        while (bb.hasRemaining()) {
                            done += ch.write(bb);
                        }
                    }
                    progress.progress(done, total, name);
                }
            } catch (HttpTimeoutException e) {
                throw timeout(r.url(), name, e);
            } catch (DownloadException | InterruptedIOException | CancelledException e) {
                throw e;
            } catch (IOException e) {
                throw brokenOff(r.url(), name, done, total, e);
            } finally {
                body.cancel();
                ch.force(true);
            }
        }
        if (total >= 0 && done != total) {
            throw brokenOff(r.url(), name, done, total, null);
        }
        return new Attempt(done - start, append);
    }

    // ---- requests ----

    /** A response whose status and headers are in, and whose body has not been read. */
    private record Opened(URI url, HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
        int status() {
            return response.statusCode();
        }

        Body subscribe() {
            Body body = new Body();
            response.body().subscribe(body);
            return body;
        }

        void discard() {
            subscribe().cancel();
        }
    }

    /**
     * Sends GET {@code url} (from byte {@code from} when positive), following redirects; {@code file} names
     * the download in messages (null for {@link #fetch}).
     */
    private Opened open(URI url, long from, String file, CancellationToken cancel) throws IOException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(current)
                    .timeout(readTimeout)
                    .header("User-Agent", userAgent)
                    .GET();
            if (from > 0) {
                b.header("Range", "bytes=" + from + "-");
            }
            if (token != null && sameOrigin(current, url)) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> resp = send(b.build(), current, file, cancel);
            int status = resp.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = resp.headers().firstValue("location").orElse(null);
                new Opened(current, resp).discard();
                if (location == null) {
                    throw new DownloadException(withoutQuery(current) + ": HTTP " + status
                            + " redirect without a Location header", status, withoutQuery(url), null, false, null);
                }
                current = resolve(current, location, url);
                continue;
            }
            return new Opened(current, resp);
        }
        throw new DownloadException(withoutQuery(url) + ": more than " + MAX_REDIRECTS + " redirects", 0,
                withoutQuery(url), null, false, null);
    }

    private static URI resolve(URI base, String location, URI original) throws DownloadException {
        try {
            URI next = base.resolve(new URI(location));
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new URISyntaxException(location, "not an http(s) URL");
            }
            return next;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new DownloadException(withoutQuery(base) + ": redirect to an unusable location (" + e.getMessage()
                    + ")", 0, withoutQuery(original), null, false, e);
        }
    }

    private HttpResponse<Flow.Publisher<List<ByteBuffer>>> send(HttpRequest request, URI url, String file,
                                                              CancellationToken cancel) throws IOException {
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
        while (true) {
            if (cancel.isCancelled()) {
                future.cancel(true);
                future.thenAccept(r -> new Opened(url, r).discard());
                throw new CancelledException();
            }
            try {
                return future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // keep waiting; the request's own timeout bounds this loop
            } catch (ExecutionException e) {
                throw connectionError(url, file, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                throw new InterruptedIOException("interrupted while waiting for " + hostPort(url));
            }
        }
    }

    // ---- errors ----

    private DownloadException connectionError(URI url, String file, Throwable cause) {
        URI clean = withoutQuery(url);
        if (cause instanceof HttpConnectTimeoutException) {
            return unreachable(url, "no answer within " + seconds(connectTimeout), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return timeout(url, file, cause);
        }
        if (hasCause(cause, UnresolvedAddressException.class) || hasCause(cause, UnknownHostException.class)) {
            return unreachable(url, "unknown host", cause);
        }
        if (hasCause(cause, ConnectException.class)) {
            return unreachable(url, "connection refused", cause);
        }
        if (hasCause(cause, SSLException.class)) {
            return new DownloadException("secure connection to " + hostPort(url) + " failed (" + describe(cause)
                    + "); a proxy that inspects HTTPS may need its certificate in Java's trust store", 0, clean,
                    null, false, cause);
        }
        return new DownloadException("connection to " + hostPort(url) + " failed (" + describe(cause) + ")", 0,
                clean, null, true, cause);
    }

    private DownloadException unreachable(URI url, String reason, Throwable cause) {
        return new DownloadException("cannot reach " + hostPort(url) + ": offline? (" + reason + "). "
                + hints.offline(), 0, withoutQuery(url), null, false, cause);
    }

    private DownloadException timeout(URI url, String file, Throwable cause) {
        String what = file == null ? withoutQuery(url).toString() : file;
        return new DownloadException("timed out: " + hostPort(url) + " sent nothing for " + seconds(readTimeout)
                + " while fetching " + what + (file == null ? "" : "; the partial download is kept, run again to "
                + "resume"), 0, withoutQuery(url), null, true, cause);
    }

    private static DownloadException brokenOff(URI url, String file, long done, long total, Throwable cause) {
        return new DownloadException("connection to " + hostPort(url) + " broke off after " + done
                + (total >= 0 ? " of " + total : "") + " bytes of " + file
                + (cause == null ? "" : " (" + describe(cause) + ")")
                + "; the partial download is kept, run again to resume", 0, withoutQuery(url), null, true, cause);
    }

    private static String hint(String h) {
        return h == null || h.isBlank() ? "" : ": " + h;
    }

    private DownloadException statusError(URI url, int status, HttpHeaders headers) {
        String code = headers.firstValue("x-error-code").orElse(null);
        String serverMessage = headers.firstValue("x-error-message").orElse(null);
        String text = switch (status) {
            case 401 -> "HTTP 401 Unauthorized" + hint(token == null ? hints.unauthorized() : hints.tokenRejected());
            case 403 -> "HTTP 403 Forbidden" + hint(hints.forbidden());
            case 404 -> "HTTP 404 Not Found";
            case 429 -> "HTTP 429 Too Many Requests: rate limited; wait a little and run again";
            default -> "HTTP " + status;
        };
        if (serverMessage != null && !serverMessage.isBlank()) {
            text += " (" + serverMessage.strip() + ")";
        }
        boolean retryable = status >= 500 || status == 408;
        return new DownloadException(withoutQuery(url) + ": " + text, status, withoutQuery(url), code, retryable,
                null);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    // ---- small helpers ----

    /** "host" or "host:port" when the URL names a port. */
    static String hostPort(URI url) {
        return url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }

    /** The URL without its query: CDN links carry signatures that do not belong in messages. */
    public static URI withoutQuery(URI url) {
        try {
            return new URI(url.getScheme(), url.getAuthority(), url.getPath(), null, null);
        } catch (URISyntaxException e) {
            return url;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static long[] contentRange(HttpHeaders headers) {
        String v = headers.firstValue("content-range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(v.trim());
        if (!m.matches()) {
            return null;
        }
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), total};
    }

    private static long unsatisfiedSize(HttpHeaders headers) {
        Matcher m = UNSATISFIED_RANGE.matcher(headers.firstValue("content-range").orElse("").trim());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void pause(Duration d, CancellationToken cancel) throws InterruptedIOException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            cancel.throwIfCancelled();
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
        }
    }

    /**
     * Receives a response body one piece at a time (demand 1, so memory stays bounded) and hands it to the
     * reading thread, which can give up after a read timeout or on cancellation; the blocking
     * {@code ofInputStream} body offers neither.
     */
    private static final class Body implements Flow.Subscriber<List<ByteBuffer>> {
        private static final Object END = new Object();
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            queue.add(item);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(t);
        }

        @Override
        public void onComplete() {
            queue.add(END);
        }

        /** The next pieces, or null at the end of the body. */
        @SuppressWarnings("unchecked")
        List<ByteBuffer> next(Duration readTimeout, CancellationToken cancel) throws IOException {
            long deadline = System.nanoTime() + readTimeout.toNanos();
            while (true) {
                if (cancel.isCancelled()) {
                    cancel();
                    throw new CancelledException();
                }
                Object o;
                try {
                    o = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel();
                    throw new InterruptedIOException("interrupted");
                }
                if (o == null) {
                    if (System.nanoTime() >= deadline) {
                        cancel();
                        throw new HttpTimeoutException("read timed out");
                    }
                    continue;
                }
                if (o == END) {
                    return null;
                }
                if (o instanceof Throwable t) {
                    throw t instanceof IOException io ? io : new IOException(describe(t), t);
                }
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.request(1);
                }
                return (List<ByteBuffer>) o;
            }
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    /** Settings in DJL's builder style: {@code opt} for optional values, {@link #build()} checks them. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private int retries = 3;
        private Duration retryDelay = Duration.ofSeconds(1);
        private String token;
        private String userAgent = "tenor/" + version() + "; java/" + System.getProperty("java.version");
        private DownloadHints hints = DownloadHints.PLAIN;

        private Builder() {
        }

        public Builder optConnectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        /** Longest wait for the answer's headers and, later, between two pieces of its body. */
        public Builder optReadTimeout(Duration d) {
            readTimeout = d;
            return this;
        }

        /** Extra tries after a broken connection, a timeout or a 5xx answer; each resumes where the last stopped. */
        public Builder optRetries(int n) {
            retries = n;
            return this;
        }

        /** Wait before the first retry; later retries wait longer (linear back-off). */
        public Builder optRetryDelay(Duration d) {
            retryDelay = d;
            return this;
        }

        /** A bearer token (Hugging Face access token); null or blank for none. */
        public Builder optToken(String t) {
            token = t == null || t.isBlank() ? null : t.strip();
            return this;
        }

        /** What failure messages advise (the Hub's client names HF_TOKEN and HF_ENDPOINT). */
        public Builder optHints(DownloadHints h) {
            hints = h;
            return this;
        }

        public Builder optUserAgent(String ua) {
            userAgent = ua;
            return this;
        }

        public HttpDownloader build() {
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                    || readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            if (retries < 0 || retryDelay == null || retryDelay.isNegative()) {
                throw new IllegalArgumentException("retries and retry delay must not be negative");
            }
            if (hints == null) {
                throw new IllegalArgumentException("hints are required (DownloadHints.PLAIN)");
            }
            if (userAgent == null || userAgent.isBlank()) {
                throw new IllegalArgumentException("user agent must not be blank");
            }
            return new HttpDownloader(this);
        }

        private static String version() {
            String v = HttpDownloader.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
