package dev.tenor.model.hub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tenor.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1, serving local folders under the Hub's URL layout:
 * {@code /api/{models|datasets}/{repo}/revision/{rev}} (JSON with {@code sha} and {@code siblings}),
 * {@code /[datasets/]{repo}/resolve/{rev}/{file}} with Range requests (206 + Content-Range, 416), LFS-style
 * redirects to a content-addressed {@code /cdn/{sha256}}, gated repositories (401/403 with
 * {@code X-Error-Code: GatedRepo}), 404s with the Hub's error codes, and faults: a connection cut mid-file,
 * a stall mid-file, slow headers, a server that ignores Range. Records every request.
 */
public final class FakeHubServer implements AutoCloseable {

    /** One request as the server saw it; {@code range} and {@code authorization} are null when absent. */
    public record Request(String method, String rawPath, String query, String range, String authorization) {
    }

    /** How resolve answers for LFS files (weights, archives): directly, or by a redirect to the CDN path. */
    public enum Redirect { NONE, ABSOLUTE, RELATIVE }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final List<String> LFS_EXTENSIONS = List.of(".safetensors", ".bin", ".gz", ".parquet", ".onnx");

    private record Revision(String sha, Path folder) {
    }

    private static final class Repo {
        final Map<String, Revision> revisions = new ConcurrentHashMap<>();
        volatile String token;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, Path> blobs = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Long> cuts = new ConcurrentHashMap<>();
    private final Map<String, Long> stalls = new ConcurrentHashMap<>();
    private volatile Duration stallFor = Duration.ZERO;
    private volatile Duration headerDelay = Duration.ZERO;
    private volatile boolean ignoreRange;
    private volatile Redirect redirect = Redirect.NONE;
    private volatile URI cdnBase;

    private FakeHubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-hub");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        cdnBase = endpoint();
    }

    public static FakeHubServer start() throws IOException {
        return new FakeHubServer();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- content ----

    /** Serves {@code folder} as model {@code repo} at revision {@code main}; returns its commit sha. */
    public String addModel(String repo, Path folder) {
        return add("models", repo, "main", folder);
    }

    /** Serves {@code folder} as model {@code repo} at {@code revision} (a 40-hex revision is its own sha). */
    public String addModel(String repo, String revision, Path folder) {
        return add("models", repo, revision, folder);
    }

    public String addDataset(String repo, String revision, Path folder) {
        return add("datasets", repo, revision, folder);
    }

    private String add(String type, String repo, String revision, Path folder) {
        String sha = revision.matches("[0-9a-f]{40}") ? revision : treeSha(revision, folder);
        Repo r = repos.computeIfAbsent(type + ":" + repo, k -> new Repo());
        Revision rev = new Revision(sha, folder);
        r.revisions.put(revision, rev);
        r.revisions.put(sha, rev);
        for (String file : files(folder)) {
            blobs.put(sha256(folder.resolve(file)), folder.resolve(file));
        }
        return sha;
    }

    /** Makes {@code repo} (model or dataset) gated: resolve needs {@code Authorization: Bearer token}. */
    public void gate(String repo, String token) {
        repos.forEach((k, r) -> {
            if (k.endsWith(":" + repo)) {
                r.token = token;
            }
        });
    }

    // ---- behaviour ----

    /** LFS files answer with a 302 to {@code /cdn/{sha256}} on this server (or on {@link #cdnBase}). */
    public void redirect(Redirect mode) {
        redirect = mode;
    }

    /** Where ABSOLUTE redirects point: another server stands in for the CDN's host. */
    public void cdnBase(URI base) {
        cdnBase = base;
    }

    /** The next answer with {@code fileName}'s bytes stops at file offset {@code offset} and drops the connection. */
    public void cutAfter(String fileName, long offset) {
        cuts.put(fileName, offset);
    }

    /** The next answer with {@code fileName}'s bytes pauses at file offset {@code offset} for {@code pause}. */
    public void stallAfter(String fileName, long offset, Duration pause) {
        stallFor = pause;
        stalls.put(fileName, offset);
    }

    /** Every answer waits this long before its headers. */
    public void delayHeaders(Duration delay) {
        headerDelay = delay;
    }

    /** Answers Range requests with 200 and the whole file, as some servers do. */
    public void ignoreRange(boolean ignore) {
        ignoreRange = ignore;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** Requests whose raw path ends with {@code suffix}. */
    public List<Request> requests(String suffix) {
        return requests.stream().filter(r -> r.rawPath().endsWith(suffix)).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- handling ----

    private void handle(HttpExchange ex) throws IOException {
        String raw = ex.getRequestURI().getRawPath();
        requests.add(new Request(ex.getRequestMethod(), raw, ex.getRequestURI().getRawQuery(),
                ex.getRequestHeaders().getFirst("Range"), ex.getRequestHeaders().getFirst("Authorization")));
        try (ex) {
            sleep(headerDelay);
            if (raw.startsWith("/api/models/") || raw.startsWith("/api/datasets/")) {
                api(ex, raw);
            } else if (raw.startsWith("/cdn/")) {
                Path blob = blobs.get(raw.substring("/cdn/".length()));
                if (blob == null) {
                    error(ex, 404, null, "blob not found");
                } else {
                    serveFile(ex, blob, null);
                }
            } else if (raw.contains("/resolve/")) {
                resolve(ex, raw);
            } else {
                error(ex, 404, null, "not found");
            }
        }
    }

    private void api(HttpExchange ex, String raw) throws IOException {
        String type = raw.startsWith("/api/models/") ? "models" : "datasets";
        String rest = raw.substring(("/api/" + type + "/").length());
        int at = rest.indexOf("/revision/");
        if (at < 0) {
            error(ex, 404, null, "not found");
            return;
        }
        String repoId = rest.substring(0, at);
        String revision = decode(rest.substring(at + "/revision/".length()));
        Repo repo = repos.get(type + ":" + repoId);
        if (repo == null) {
            error(ex, 404, "RepoNotFound", "Repository not found");
            return;
        }
        Revision rev = repo.revisions.get(revision);
        if (rev == null) {
            error(ex, 404, "RevisionNotFound", "Invalid rev id: " + revision);
            return;
        }
        boolean blobsWanted = ex.getRequestURI().getRawQuery() != null
                && ex.getRequestURI().getRawQuery().contains("blobs=true");
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("id", repoId);
        body.put("sha", rev.sha());
        body.put("lastModified", "2024-05-01T12:00:00.000Z");
        body.put("private", false);
        if (repo.token != null) {
            body.put("gated", "manual");
        } else {
            body.put("gated", false);
        }
        ArrayNode siblings = body.putArray("siblings");
        for (String file : files(rev.folder())) {
            ObjectNode s = siblings.addObject();
            s.put("rfilename", file);
            if (blobsWanted) {
                Path p = rev.folder().resolve(file);
                s.put("size", Files.size(p));
                if (isLfs(file)) {
                    ObjectNode lfs = s.putObject("lfs");
                    lfs.put("sha256", sha256(p));
                    lfs.put("size", Files.size(p));
                    lfs.put("pointerSize", 134);
                }
            }
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private void resolve(HttpExchange ex, String raw) throws IOException {
        boolean dataset = raw.startsWith("/datasets/");
        String path = raw.substring(dataset ? "/datasets/".length() : 1);
        int at = path.indexOf("/resolve/");
        String repoId = path.substring(0, at);
        String rest = path.substring(at + "/resolve/".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            error(ex, 404, "EntryNotFound", "no file");
            return;
        }
        String revision = decode(rest.substring(0, slash));
        String file = decode(rest.substring(slash + 1));
        Repo repo = repos.get((dataset ? "datasets:" : "models:") + repoId);
        if (repo == null) {
            error(ex, 404, "RepoNotFound", "Repository not found");
            return;
        }
        if (repo.token != null) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                error(ex, 401, "GatedRepo", "Access to model " + repoId + " is restricted.");
                return;
            }
            if (!auth.equals("Bearer " + repo.token)) {
                error(ex, 403, "GatedRepo", "Access to model " + repoId + " is restricted.");
                return;
            }
        }
        Revision rev = repo.revisions.get(revision);
        if (rev == null) {
            error(ex, 404, "RevisionNotFound", "Invalid rev id: " + revision);
            return;
        }
        Path p = rev.folder().resolve(file).normalize();
        if (!p.startsWith(rev.folder()) || !Files.isRegularFile(p)) {
            error(ex, 404, "EntryNotFound", "Entry not found");
            return;
        }
        ex.getResponseHeaders().set("X-Repo-Commit", rev.sha());
        if (isLfs(file) && redirect != Redirect.NONE) {
            String target = "/cdn/" + sha256(p) + "?X-Amz-Signature=abc123";
            ex.getResponseHeaders().set("Location", redirect == Redirect.ABSOLUTE ? cdnBase + target : target);
            ex.getResponseHeaders().set("X-Linked-Size", Long.toString(Files.size(p)));
            ex.sendResponseHeaders(302, -1);
            return;
        }
        serveFile(ex, p, rev.sha());
    }

    private void serveFile(HttpExchange ex, Path file, String sha) throws IOException {
        long length = Files.size(file);
        String name = file.getFileName().toString();
        long from = 0;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        ex.getResponseHeaders().set("ETag", "\"" + sha256(file) + "\"");
        if (sha != null) {
            ex.getResponseHeaders().set("X-Repo-Commit", sha);
        }
        if (range != null && !ignoreRange) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches()) {
                from = Long.parseLong(m.group(1));
                if (from >= length) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + length);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (length - 1) + "/" + length);
            }
        }
        long count = length - from;
        ex.sendResponseHeaders(status, count == 0 ? -1 : count);
        Long cut = cuts.remove(name);
        Long stall = stalls.remove(name);
        OutputStream out = ex.getResponseBody();
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            long pos = from;
            byte[] buf = new byte[8192];
            while (pos < length) {
                long limit = length;
                if (cut != null && cut > pos) {
                    limit = Math.min(limit, cut);
                }
                if (stall != null && stall > pos) {
                    limit = Math.min(limit, stall);
                }
                int n = in.read(buf, 0, (int) Math.min(buf.length, limit - pos));
                if (n > 0) {
                    out.write(buf, 0, n);
                    pos += n;
                }
                if (cut != null && pos == cut) {
                    out.flush();
                    // An exception from the handler makes the server drop the connection mid-body.
                    throw new IOException("fake hub: connection cut at " + pos);
                }
                if (stall != null && pos == stall) {
                    out.flush();
                    sleep(stallFor);
                    stall = null;
                }
            }
        }
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        if (code != null) {
            ex.getResponseHeaders().set("X-Error-Code", code);
        }
        ex.getResponseHeaders().set("X-Error-Message", message);
        byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    // ---- helpers ----

    private static boolean isLfs(String file) {
        return LFS_EXTENSIONS.stream().anyMatch(file::endsWith);
    }

    /** Every file under {@code folder}, as repository paths with forward slashes, sorted. */
    static List<String> files(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String treeSha(String revision, Path folder) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(revision.getBytes(StandardCharsets.UTF_8));
            for (String f : files(folder)) {
                md.update(f.getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(folder.resolve(f)));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
