package dev.tenor.model.hub;

import dev.tenor.net.DownloadException;
import dev.tenor.net.DownloadHints;
import dev.tenor.net.HttpDownloader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.io.TenorPaths;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import dev.tenor.model.hub.RepoInfo.RepoFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A client of the Hugging Face Hub: asks the API which files a revision holds and which commit it is, and
 * fetches files by {@code {endpoint}/{repo}/resolve/{revision}/{file}}. {@link #pullModel} assembles a
 * sentence-transformers model folder.
 *
 * <p>Files are fetched by commit sha, not by branch name, so a branch that moves during a pull cannot mix two
 * commits. They are staged in {@code .downloads/<owner>--<name>/<sha>/} beside the target folder, where partial
 * files survive a failed or cancelled pull and are resumed by the next one; the target folder itself appears
 * only when complete.
 */
public final class HubClient {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    /** System property naming another endpoint (a mirror, or a test server); wins over {@link #ENDPOINT_ENV}. */
    public static final String ENDPOINT_PROPERTY = "tenor.hub.endpoint";
    public static final String ENDPOINT_ENV = "HF_ENDPOINT";
    public static final String TOKEN_ENV = "HF_TOKEN";
    /** What a failed Hub download advises: the token and mirror variables. */
    public static final DownloadHints HINTS = new DownloadHints(
            "Check the network connection, or set HF_ENDPOINT to a reachable mirror.",
            "needs a Hugging Face token: set HF_TOKEN", "the Hugging Face token was rejected; check HF_TOKEN",
            "gated or private; accept the repository's terms on its page and use a token with access (HF_TOKEN)");
    /** Provenance written into every folder Tenor downloads. */
    public static final String PROVENANCE_FILE = "tenor_source.json";
    /** Where partial downloads wait for a retry, beside the target folder. */
    public static final String DOWNLOADS_FOLDER = ".downloads";

    private static final Pattern REPO_ID = Pattern.compile("[\\w][\\w.-]{0,95}(/[\\w][\\w.-]{0,95})?");
    private static final Pattern SAFE_PATH = Pattern.compile("[\\w.-]+(/[\\w.-]+)*");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final long MAX_API_ANSWER = 64L << 20;

    /** Files a sentence-transformers BERT folder may have besides its weights; fetched when present. */
    static final List<String> OPTIONAL_MODEL_FILES = List.of("tokenizer_config.json", "special_tokens_map.json",
            "vocab.txt", "modules.json", "sentence_bert_config.json", "config_sentence_transformers.json");
    /** Weights in formats Tenor does not read; skipped inside module folders. */
    private static final List<String> FOREIGN_WEIGHTS = List.of(".bin", ".h5", ".msgpack", ".ot", ".onnx", ".pt",
            ".pth", ".ckpt", ".tflite", ".gguf");

    private final URI endpoint;
    private final HttpDownloader downloader;

    /**
     * @param endpoint the Hub's base URL, e.g. {@code https://huggingface.co}
     * @param downloader carries the token, timeouts and retries
     */
    public HubClient(URI endpoint, HttpDownloader downloader) {
        String text = endpoint.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        this.endpoint = URI.create(text);
        String scheme = this.endpoint.getScheme();
        if (this.endpoint.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new BadInputException("Hugging Face endpoint " + endpoint + ": not an http(s) URL");
        }
        this.downloader = downloader;
    }

    /**
     * A client for the endpoint this process is configured for ({@value #ENDPOINT_PROPERTY}, then
     * {@value #ENDPOINT_ENV}, then huggingface.co), with {@code token}, or {@value #TOKEN_ENV} when null.
     */
    public static HubClient fromEnvironment(String token) {
        return new HubClient(endpoint(System::getProperty, System::getenv),
                HttpDownloader.builder().optToken(token(token, System::getenv)).optHints(HINTS).build());
    }

    static URI endpoint(UnaryOperator<String> properties, UnaryOperator<String> env) {
        String value = properties.apply(ENDPOINT_PROPERTY);
        if (value == null || value.isBlank()) {
            value = env.apply(ENDPOINT_ENV);
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_ENDPOINT;
        }
        try {
            return URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("Hugging Face endpoint " + value + ": not a URL (" + e.getMessage() + ")");
        }
    }

    static String token(String given, UnaryOperator<String> env) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        String t = env.apply(TOKEN_ENV);
        return t == null || t.isBlank() ? null : t.strip();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The default folder for a pulled model: {@code <models>/hub/<owner>--<name>}. */
    public static Path defaultModelFolder(String repo) {
        checkRepoId(repo);
        return TenorPaths.current().models().resolve("hub").resolve(folderName(repo));
    }

    /** {@code owner/name} as one folder name, {@code owner--name} (the Hub cache's convention). */
    public static String folderName(String repo) {
        return repo.replace("/", "--");
    }

    /** Rejects anything that is not {@code owner/name} (or a legacy bare {@code name}). */
    public static void checkRepoId(String repo) {
        if (repo == null || !REPO_ID.matcher(repo).matches() || repo.contains("..") || repo.contains("--")) {
            throw new BadInputException("not a Hugging Face repository id: \"" + repo
                    + "\" (expected owner/name, e.g. sentence-transformers/all-MiniLM-L6-v2)");
        }
    }

    static void checkRevision(String revision) {
        if (revision == null || revision.isBlank() || revision.length() > 255 || revision.contains("..")
                || revision.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new BadInputException("not a usable revision: \"" + revision
                    + "\" (a branch, a tag, a commit sha or refs/pr/N)");
        }
    }

    // ---- URLs ----

    /** {@code {endpoint}/api/{models|datasets}/{repo}/revision/{revision}?blobs=true} (blobs: sizes and LFS sha256). */
    public URI apiUrl(RepoType type, String repo, String revision) {
        return URI.create(endpoint + "/api/" + type.apiSegment() + "/" + repo + "/revision/"
                + encode(revision, false) + "?blobs=true");
    }

    /** {@code {endpoint}/[datasets/]{repo}/resolve/{revision}/{file}}. */
    public URI fileUrl(RepoType type, String repo, String revision, String file) {
        return URI.create(endpoint + "/" + type.urlPrefix() + repo + "/resolve/" + encode(revision, false) + "/"
                + encode(file, true));
    }

    /** Percent-encodes like huggingface_hub's {@code quote}: revisions keep no slash ({@code refs%2Fpr%2F1}). */
    static String encode(String text, boolean keepSlash) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~' || keepSlash && c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    // ---- API ----

    /** Asks the API for a revision's commit and file list. */
    public RepoInfo info(RepoType type, String repo, String revision, CancellationToken cancel) throws IOException {
        checkRepoId(repo);
        checkRevision(revision);
        URI url = apiUrl(type, repo, revision);
        byte[] body;
        try {
            body = downloader.fetch(url, MAX_API_ANSWER, cancel);
        } catch (DownloadException e) {
            throw explain(e, type, repo, revision, null);
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IOException(HttpDownloader.withoutQuery(url) + ": unexpected answer (" + Json.describe(e) + ")",
                    e);
        }
        String sha = n.path("sha").asText("");
        if (!SHA.matcher(sha).matches()) {
            throw new IOException(HttpDownloader.withoutQuery(url) + ": unexpected answer (no commit sha)");
        }
        List<RepoFile> files = new ArrayList<>();
        for (JsonNode s : n.path("siblings")) {
            String path = s.path("rfilename").asText("");
            if (path.isEmpty()) {
                continue;
            }
            JsonNode lfs = s.path("lfs");
            long size = s.path("size").isNumber() ? s.path("size").asLong()
                    : lfs.path("size").isNumber() ? lfs.path("size").asLong() : -1;
            String sha256 = lfs.path("sha256").isTextual() ? lfs.path("sha256").asText().toLowerCase(Locale.ROOT)
                    : null;
            files.add(new RepoFile(path, size, sha256));
        }
        JsonNode gated = n.path("gated");
        String gating = gated.isTextual() ? gated.asText() : gated.asBoolean(false) ? "true" : null;
        String lastModified = n.path("lastModified").isTextual() ? n.path("lastModified").asText() : null;
        return new RepoInfo(n.path("id").asText(repo), sha, lastModified, gating, files);
    }

    /**
     * Downloads one file of a repository to {@code target}, resuming a {@code target.part} left by an earlier
     * try; a missing file, revision or repository, or missing access, gives a {@link BadInputException} naming
     * them.
     */
    public Path downloadFile(RepoType type, String repo, String revision, String file, Path target,
                             ProgressListener progress, CancellationToken cancel) throws IOException {
        checkRepoId(repo);
        checkRevision(revision);
        if (!SAFE_PATH.matcher(file).matches() || file.contains("..")) {
            throw new BadInputException(type.describe(repo) + ": not a usable file path \"" + file + "\"");
        }
        try {
            downloader.download(fileUrl(type, repo, revision, file), target, progress, cancel);
        } catch (DownloadException e) {
            throw explain(e, type, repo, revision, file);
        }
        return target;
    }

    // ---- model folders ----

    /**
     * Downloads what a sentence-transformers BERT folder needs from {@code repo} at {@code revision} into
     * {@code targetFolder}: {@code config.json}, {@code model.safetensors} and {@code tokenizer.json}
     * (required), the tokenizer and sentence-transformers settings where present, the module folders
     * {@code modules.json} names ({@code 1_Pooling/config.json}; {@code 2_Normalize/} is created empty as
     * sentence-transformers expects), and {@value #PROVENANCE_FILE}.
     *
     * @param progress told (bytes so far, bytes in all or -1, current file)
     * @throws BadInputException for a repository Tenor cannot use or reach with these credentials
     * @throws DownloadException for a network failure; partial files are kept for the next try
     */
    public PullResult pullModel(String repo, String revision, Path targetFolder, ProgressListener progress,
                                CancellationToken cancel) throws IOException {
        checkRepoId(repo);
        checkRevision(revision);
        Path target = targetFolder.toAbsolutePath().normalize();
        refuseForeignFolder(target);
        progress.progress(0, -1, "resolving " + repo + " at " + revision);
        RepoInfo info = info(RepoType.MODEL, repo, revision, cancel);
        PullResult current = upToDate(target, repo, revision, info.sha());
        if (current != null) {
            return current;
        }
        List<RepoFile> plan = modelFiles(repo, revision, info);
        Path stage = stagingFolder(target, repo, info.sha());
        ByteCounter counter = new ByteCounter(progress);
        Map<String, Fetched> fetched = new LinkedHashMap<>();

        // modules.json decides which module folders to fetch, so it comes first.
        Set<String> normalizeDirs = new LinkedHashSet<>();
        if (info.has("modules.json")) {
            RepoFile modulesFile = info.file("modules.json").orElseThrow();
            counter.plan(List.of(modulesFile));
            fetched.put("modules.json", fetch(RepoType.MODEL, repo, revision, info, modulesFile, stage, counter,
                    cancel));
            plan.addAll(moduleFiles(repo, revision, info, fetched.get("modules.json").file(), normalizeDirs));
            plan.removeIf(f -> f.path().equals("modules.json"));
        }
        counter.plan(plan);
        for (RepoFile f : plan) {
            fetched.put(f.path(), fetch(RepoType.MODEL, repo, revision, info, f, stage, counter, cancel));
        }
        cancel.throwIfCancelled();

        List<DownloadedFile> files = fetched.values().stream().map(Fetched::entry).toList();
        Map<String, Object> provenance = provenance(RepoType.MODEL, repo, revision, info, files);
        AtomicFiles.writeFolder(target, tmp -> {
            for (Fetched f : fetched.values()) {
                place(f.file(), tmp.resolve(f.entry().path()));
            }
            for (String dir : normalizeDirs) {
                Files.createDirectories(tmp.resolve(dir));
            }
            Json.write(tmp.resolve(PROVENANCE_FILE), provenance);
        });
        discardStaging(target, repo);
        long transferred = fetched.values().stream().mapToLong(Fetched::transferred).sum();
        return new PullResult(repo, revision, info.sha(), target, files, transferred, false);
    }

    /** The top-level files to fetch; refuses repositories Tenor cannot load, naming what is missing. */
    private List<RepoFile> modelFiles(String repo, String revision, RepoInfo info) {
        String where = repo + " (revision " + revision + ")";
        if (!info.has("config.json")) {
            throw new BadInputException(where + " has no config.json: not a Hugging Face transformers model");
        }
        if (!info.has("model.safetensors")) {
            if (info.has("model.safetensors.index.json")) {
                throw new BadInputException(where + " stores its weights in shards (model.safetensors.index.json);"
                        + " Tenor reads a single model.safetensors");
            }
            if (info.has("pytorch_model.bin")) {
                throw new BadInputException(where + " has only pytorch_model.bin, and Tenor reads safetensors only."
                        + " Use a revision that has model.safetensors (often an open pull request adds it: revision"
                        + " refs/pr/N, see " + endpoint + "/" + repo + "/discussions), or convert the weights in"
                        + " Python: safetensors.torch.save_file(torch.load(\"pytorch_model.bin\"),"
                        + " \"model.safetensors\")");
            }
            throw new BadInputException(where + " has no model.safetensors");
        }
        if (!info.has("tokenizer.json")) {
            throw new BadInputException(where + " has no tokenizer.json; Tenor needs the fast tokenizer's file"
                    + " (Python transformers writes it with AutoTokenizer.from_pretrained(...).save_pretrained(dir))");
        }
        List<RepoFile> plan = new ArrayList<>();
        for (String name : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            plan.add(info.file(name).orElseThrow());
        }
        for (String name : OPTIONAL_MODEL_FILES) {
            info.file(name).ifPresent(plan::add);
        }
        return plan;
    }

    /** Files of the module folders modules.json names (Pooling, Dense...); Normalize folders are only noted. */
    private static List<RepoFile> moduleFiles(String repo, String revision, RepoInfo info, Path modulesJson,
                                              Set<String> normalizeDirs) {
        JsonNode modules = Json.read(modulesJson);
        if (!modules.isArray()) {
            throw new BadInputException(repo + " (revision " + revision + "): modules.json is not a list of modules");
        }
        List<RepoFile> files = new ArrayList<>();
        for (JsonNode m : modules) {
            String path = m.path("path").asText("");
            String type = m.path("type").asText("");
            if (path.isEmpty()) {
                continue;
            }
            if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) {
                throw new BadInputException(repo + " (revision " + revision + "): modules.json names an unsafe path \""
                        + path + "\"");
            }
            if (type.endsWith("Normalize")) {
                normalizeDirs.add(path);
                continue;
            }
            for (RepoFile f : info.files()) {
                String lower = f.path().toLowerCase(Locale.ROOT);
                if (f.path().startsWith(path + "/") && FOREIGN_WEIGHTS.stream().noneMatch(lower::endsWith)) {
                    files.add(f);
                }
            }
        }
        return files;
    }

    /** An existing folder with the same repository and commit: nothing to do. */
    private static PullResult upToDate(Path target, String repo, String revision, String sha) {
        Path prov = target.resolve(PROVENANCE_FILE);
        if (!Files.isRegularFile(prov)) {
            return null;
        }
        try {
            JsonNode n = Json.read(prov);
            if (!repo.equals(n.path("repo").asText()) || !sha.equals(n.path("sha").asText())) {
                return null;
            }
            List<DownloadedFile> files = new ArrayList<>();
            for (JsonNode f : n.path("files")) {
                DownloadedFile d = new DownloadedFile(f.path("path").asText(), f.path("size").asLong(-1),
                        f.path("sha256").asText(null));
                Path p = target.resolve(d.path());
                if (!Files.isRegularFile(p) || Files.size(p) != d.size()) {
                    return null;
                }
                files.add(d);
            }
            return files.isEmpty() ? null : new PullResult(repo, revision, sha, target, files, 0, true);
        } catch (BadInputException | IOException e) {
            return null;
        }
    }

    // ---- shared by model and dataset downloads ----

    /** A file complete in the staging folder. */
    record Fetched(Path file, DownloadedFile entry, long transferred) {
    }

    /** Refuses to replace a folder that did not come from the Hub through Tenor. */
    static void refuseForeignFolder(Path target) throws IOException {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw BadInputException.of(target, "is a file, not a folder");
        }
        if (Files.isDirectory(target) && !Files.exists(target.resolve(PROVENANCE_FILE))) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw BadInputException.of(target, "exists and was not downloaded from the Hugging Face Hub by"
                            + " Tenor; choose another folder or remove it");
                }
            }
        }
    }

    static Path stagingRoot(Path target, String repo) {
        return target.getParent().resolve(DOWNLOADS_FOLDER).resolve(folderName(repo));
    }

    static Path stagingFolder(Path target, String repo, String sha) {
        return stagingRoot(target, repo).resolve(sha);
    }

    static void discardStaging(Path target, String repo) throws IOException {
        Path root = stagingRoot(target, repo);
        AtomicFiles.deleteTree(root);
        try {
            Files.deleteIfExists(root.getParent());
        } catch (DirectoryNotEmptyException e) {
            // other repositories' partial downloads are still waiting there
        }
    }

    /**
     * Brings one file into the staging folder (skipping it when already complete there), checks its size and,
     * for LFS files, its SHA-256 against the API's.
     */
    Fetched fetch(RepoType type, String repo, String revision, RepoInfo info, RepoFile f, Path stage,
                  ByteCounter counter, CancellationToken cancel) throws IOException {
        if (!SAFE_PATH.matcher(f.path()).matches() || f.path().contains("..")) {
            throw new BadInputException(type.describe(repo) + ": unsafe file path \"" + f.path() + "\"");
        }
        Path dest = stage.resolve(f.path());
        long transferred = 0;
        boolean complete = Files.isRegularFile(dest) && (f.size() < 0 || Files.size(dest) == f.size());
        if (!complete) {
            Files.deleteIfExists(dest);
            try {
                transferred = downloader.download(fileUrl(type, repo, info.sha(), f.path()), dest,
                        counter.forFile(), cancel).transferred();
            } catch (DownloadException e) {
                throw explain(e, type, repo, revision, f.path());
            }
        }
        long size = Files.size(dest);
        String sha256 = sha256(dest);
        String problem = null;
        if (f.size() >= 0 && size != f.size()) {
            problem = size + " bytes, expected " + f.size();
        } else if (f.sha256() != null && !f.sha256().equals(sha256)) {
            problem = "SHA-256 " + sha256 + ", expected " + f.sha256();
        }
        if (problem != null) {
            Files.delete(dest);
            throw new IOException(type.describe(repo) + ": " + f.path() + " arrived damaged (" + problem
                    + "); it was deleted, run again");
        }
        counter.finished(size);
        return new Fetched(dest, new DownloadedFile(f.path(), size, sha256), transferred);
    }

    /** Puts a staged file into the folder being assembled: a hard link when possible, else a copy. */
    static void place(Path staged, Path dest) throws IOException {
        Files.createDirectories(dest.getParent());
        try {
            Files.createLink(dest, staged);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(staged, dest);
        }
    }

    Map<String, Object> provenance(RepoType type, String repo, String revision, RepoInfo info,
                                   List<DownloadedFile> files) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", "huggingface");
        p.put("endpoint", endpoint.toString());
        p.put("repo_type", type.name().toLowerCase(Locale.ROOT));
        p.put("repo", repo);
        p.put("revision", revision);
        p.put("sha", info.sha());
        if (info.lastModified() != null) {
            p.put("last_modified", info.lastModified());
        }
        p.put("date", Instant.now().toString());
        p.put("files", files);
        return p;
    }

    /**
     * Turns the Hub's 401/403/404 answers into a {@link BadInputException} naming the repository, file and
     * revision (thrown); other failures are returned unchanged for the caller to throw.
     */
    IOException explain(DownloadException e, RepoType type, String repo, String revision, String file) {
        int status = e.status();
        if (status != 401 && status != 403 && status != 404) {
            return e;
        }
        String r = type.describe(repo);
        String code = e.errorCode() == null ? "" : e.errorCode();
        boolean token = downloader.hasToken();
        String page = endpoint + "/" + type.urlPrefix() + repo;
        String message;
        if (code.equals("GatedRepo")) {
            message = token ? r + " is a gated repository and this token has no access to it: accept its terms at "
                    + page + " with the token's account"
                    : r + " is a gated repository: it needs a Hugging Face token: accept its terms at " + page
                    + ", then set HF_TOKEN to a token of that account";
        } else if (code.equals("RepoNotFound")) {
            message = r + ": repository not found at " + endpoint
                    + (token ? "" : " (if it is private, set HF_TOKEN to a token with access)");
        } else if (code.equals("RevisionNotFound")) {
            message = r + ": revision " + revision + " not found";
        } else if (status == 401) {
            message = token ? r + ": the Hugging Face token was rejected (HTTP 401): check HF_TOKEN"
                    : r + ": needs a Hugging Face token: set HF_TOKEN to a token with read access";
        } else if (status == 403) {
            message = r + ": access denied (HTTP 403)"
                    + (token ? ": the token has no read access to this repository"
                    : ": needs a Hugging Face token: set HF_TOKEN");
        } else if (file != null) {
            message = r + ": file " + file + " not found at revision " + revision;
        } else {
            message = r + ": repository not found at " + endpoint + ", or it has no revision " + revision;
        }
        throw new BadInputException(message, e);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Adds the bytes of finished files to those of the current one, so progress runs over the whole pull. */
    static final class ByteCounter {
        private final ProgressListener progress;
        private long finished;
        private long total;

        ByteCounter(ProgressListener progress) {
            this.progress = progress;
        }

        /** Adds files to the total (stays unknown, -1, once one size is unknown). */
        void plan(List<RepoFile> files) {
            for (RepoFile f : files) {
                total = total < 0 || f.size() < 0 ? -1 : total + f.size();
            }
        }

        ProgressListener forFile() {
            return (done, fileTotal, name) -> progress.progress(finished + done, total, name);
        }

        void finished(long size) {
            finished += size;
        }
    }
}
