package dev.tenor.model.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.hub.HubClient.ByteCounter;
import dev.tenor.model.hub.HubClient.Fetched;
import dev.tenor.model.hub.RepoInfo.RepoFile;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Downloads MTEB-style intent datasets from the Hub into a folder of {@code train.jsonl},
 * {@code validation.jsonl} and {@code test.jsonl}, one {@code {"text": ..., "label_text": ...}} per line.
 *
 * <p>Reads the splits as JSON Lines, plain or gzip-compressed, in the layouts MTEB's repositories use
 * ({@code en/train.jsonl}, {@code train/en.jsonl.gz}); a split stored only as Parquet is refused with a
 * message that says how to convert it.
 */
public final class HubDatasets {

    public static final String MTOP_INTENT_REPO = "mteb/mtop_intent";
    public static final String MTOP_INTENT_CONFIG = "en";
    /** The commit MTEB's own MTOPIntentClassification task pins, so results stay comparable. */
    public static final String MTOP_INTENT_REVISION = "ae001d0e6b1228650b7bd1c2c65fb50ad11a8aba";
    public static final List<String> SPLITS = List.of("train", "validation", "test");
    /** Splits a retrieval evaluation cannot do without. */
    public static final List<String> REQUIRED_SPLITS = List.of("train", "test");

    private static final ObjectWriter LINE = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> EXTENSIONS = List.of(".jsonl", ".jsonl.gz", ".json", ".json.gz");

    private final HubClient client;

    public HubDatasets(HubClient client) {
        this.client = client;
    }

    /**
     * The outcome of a dataset download.
     *
     * @param counts rows per split written, in {@link #SPLITS} order (absent splits left out)
     * @param sources the files fetched from the Hub
     */
    public record IntentDatasetDownload(String repo, String config, String revision, String sha, Path folder,
                                        Map<String, Integer> counts, List<DownloadedFile> sources,
                                        long bytesDownloaded, boolean upToDate) {
        public IntentDatasetDownload {
            counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
            sources = List.copyOf(sources);
        }
    }

    /** The default folder for a dataset download: {@code <data>/hub/<owner>--<name>/<config>}. */
    public static Path defaultFolder(String repo, String config) {
        HubClient.checkRepoId(repo);
        return TenorPaths.current().data().resolve("hub").resolve(HubClient.folderName(repo)).resolve(config);
    }

    /** MTEB's {@code mteb/mtop_intent}, English, at the pinned revision. */
    public IntentDatasetDownload downloadMtopIntent(Path targetFolder, ProgressListener progress,
                                                    CancellationToken cancel) throws IOException {
        return download(MTOP_INTENT_REPO, MTOP_INTENT_REVISION, MTOP_INTENT_CONFIG, targetFolder, progress, cancel);
    }

    /**
     * Downloads the splits of {@code config} in dataset {@code repo} at {@code revision} into
     * {@code targetFolder}, which appears only when complete (with {@value HubClient#PROVENANCE_FILE}).
     */
    public IntentDatasetDownload download(String repo, String revision, String config, Path targetFolder,
                                          ProgressListener progress, CancellationToken cancel) throws IOException {
        if (config == null || !config.matches("[\\w.-]+")) {
            throw new BadInputException("dataset " + repo + ": not a usable config name \"" + config + "\"");
        }
        Path target = targetFolder.toAbsolutePath().normalize();
        HubClient.refuseForeignFolder(target);
        progress.progress(0, -1, "resolving dataset " + repo + " at " + revision);
        RepoInfo info = client.info(RepoType.DATASET, repo, revision, cancel);
        IntentDatasetDownload current = upToDate(target, repo, config, revision, info.sha());
        if (current != null) {
            return current;
        }
        Map<String, RepoFile> splitFiles = new LinkedHashMap<>();
        for (String split : SPLITS) {
            Optional<RepoFile> f = splitFile(info, config, split);
            if (f.isPresent()) {
                splitFiles.put(split, f.get());
            } else if (REQUIRED_SPLITS.contains(split)) {
                throw missingSplit(repo, revision, config, split, info);
            }
        }
        Path stage = HubClient.stagingFolder(target, repo, info.sha());
        ByteCounter counter = new ByteCounter(progress);
        counter.plan(new ArrayList<>(splitFiles.values()));
        Map<String, Fetched> fetched = new LinkedHashMap<>();
        for (Map.Entry<String, RepoFile> e : splitFiles.entrySet()) {
            fetched.put(e.getKey(), client.fetch(RepoType.DATASET, repo, revision, info, e.getValue(), stage, counter,
                    cancel));
        }
        cancel.throwIfCancelled();

        Map<String, Integer> counts = new LinkedHashMap<>();
        List<DownloadedFile> sources = fetched.values().stream().map(Fetched::entry).toList();
        AtomicFiles.writeFolder(target, tmp -> {
            for (Map.Entry<String, Fetched> e : fetched.entrySet()) {
                cancel.throwIfCancelled();
                progress.progress(0, -1, "converting " + e.getValue().entry().path());
                String source = "dataset " + repo + " " + e.getValue().entry().path();
                counts.put(e.getKey(), convert(e.getValue().file(), source, tmp.resolve(e.getKey() + ".jsonl")));
            }
            Map<String, Object> provenance = client.provenance(RepoType.DATASET, repo, revision, info, sources);
            provenance.put("config", config);
            provenance.put("format", "JSON Lines: text, label_text");
            provenance.put("splits", counts);
            Json.write(tmp.resolve(HubClient.PROVENANCE_FILE), provenance);
        });
        HubClient.discardStaging(target, repo);
        long transferred = fetched.values().stream().mapToLong(Fetched::transferred).sum();
        return new IntentDatasetDownload(repo, config, revision, info.sha(), target, counts, sources, transferred,
                false);
    }

    /** The file holding one split: {@code en/train.jsonl}, {@code en/train.jsonl.gz}, {@code train/en.jsonl.gz}... */
    static Optional<RepoFile> splitFile(RepoInfo info, String config, String split) {
        List<String> candidates = new ArrayList<>();
        for (String ext : EXTENSIONS) {
            candidates.add(config + "/" + split + ext);
        }
        for (String ext : EXTENSIONS) {
            candidates.add(split + "/" + config + ext);
        }
        if (config.equals("default")) {
            for (String ext : EXTENSIONS) {
                candidates.add(split + ext);
                candidates.add("data/" + split + ext);
            }
        }
        for (String c : candidates) {
            Optional<RepoFile> f = info.file(c);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    private static BadInputException missingSplit(String repo, String revision, String config, String split,
                                                  RepoInfo info) {
        String where = "dataset " + repo + " (revision " + revision + ")";
        Optional<RepoFile> parquet = info.files().stream()
                .filter(f -> f.path().endsWith(".parquet"))
                .filter(f -> f.path().startsWith(config + "/" + split) || f.path().startsWith(split + "/" + config)
                        || f.path().startsWith(config + "/") && f.path().contains("/" + split + "/"))
                .findFirst();
        if (parquet.isPresent()) {
            return new BadInputException(where + ": the " + config + " " + split + " split is stored only as Parquet ("
                    + parquet.get().path() + "); Tenor reads JSON Lines (.jsonl, .jsonl.gz). Use a local copy, or"
                    + " convert it in Python: datasets.load_dataset(\"" + repo + "\", \"" + config + "\", split=\""
                    + split + "\").to_json(\"" + split + ".jsonl\")");
        }
        return new BadInputException(where + ": no " + split + " split for config " + config + " (looked for "
                + config + "/" + split + ".jsonl, " + config + "/" + split + ".jsonl.gz, " + split + "/" + config
                + ".jsonl and the like)");
    }

    /** Rewrites one split as {@code {"text", "label_text"}} lines; returns the number of rows. */
    static int convert(Path source, String sourceName, Path dest) throws IOException {
        int rows = 0;
        try (InputStream in = openMaybeGzip(source);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
             BufferedWriter writer = Files.newBufferedWriter(dest, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                writer.write(LINE.writeValueAsString(row(line, sourceName, lineNo)));
                writer.write('\n');
                rows++;
            }
        } catch (ZipException e) {
            throw new BadInputException(sourceName + ": damaged gzip data (" + e.getMessage() + ")", e);
        }
        return rows;
    }

    private static ObjectNode row(String line, String sourceName, int lineNo) {
        String where = sourceName + ", line " + lineNo + ": ";
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadInputException(where + Json.describe(e), e);
        }
        if (!node.isObject()) {
            throw new BadInputException(where + "not a JSON object (expected JSON Lines, one object per line)");
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            throw new BadInputException(where + "no \"text\" string");
        }
        JsonNode label = node.get("label_text");
        if (label == null || !label.isTextual()) {
            label = node.get("label");
        }
        if (label == null || !(label.isTextual() || label.isIntegralNumber())) {
            throw new BadInputException(where + "no \"label_text\" (or \"label\")");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("text", text.asText());
        out.put("label_text", label.asText());
        return out;
    }

    /** Gzip is recognised by its magic bytes, whatever the file is called. */
    private static InputStream openMaybeGzip(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    private static IntentDatasetDownload upToDate(Path target, String repo, String config, String revision,
                                                  String sha) {
        Path prov = target.resolve(HubClient.PROVENANCE_FILE);
        if (!Files.isRegularFile(prov)) {
            return null;
        }
        try {
            JsonNode n = Json.read(prov);
            if (!repo.equals(n.path("repo").asText()) || !config.equals(n.path("config").asText())
                    || !sha.equals(n.path("sha").asText())) {
                return null;
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String split : SPLITS) {
                JsonNode c = n.path("splits").path(split);
                if (c.isInt()) {
                    if (!Files.isRegularFile(target.resolve(split + ".jsonl"))) {
                        return null;
                    }
                    counts.put(split, c.asInt());
                }
            }
            List<DownloadedFile> sources = new ArrayList<>();
            for (JsonNode f : n.path("files")) {
                sources.add(new DownloadedFile(f.path("path").asText(), f.path("size").asLong(-1),
                        f.path("sha256").asText(null)));
            }
            return counts.isEmpty() ? null
                    : new IntentDatasetDownload(repo, config, revision, sha, target, counts, sources, 0, true);
        } catch (BadInputException e) {
            return null;
        }
    }
}
