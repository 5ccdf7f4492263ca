package dev.tenor.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.model.ModelFolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A content hash of a model folder: SHA-256 over the SHA-256 of every file that decides the embeddings
 * (weights, config, tokenizer, sentence-transformers settings). Hashing 90 MB of weights takes a noticeable
 * fraction of a second, so each file's hash is remembered in a sidecar JSON keyed by absolute path, size,
 * modification time and file key (inode); a file that changed in any of these is hashed again.
 */
final class ModelHash {

    /** The files that decide what a model folder computes; those absent are skipped. */
    static final List<String> FILES = List.of(ModelFolder.CONFIG, ModelFolder.WEIGHTS, ModelFolder.TOKENIZER,
            ModelFolder.MODULES, ModelFolder.ST_CONFIG, ModelFolder.ST_MODEL_CONFIG, ModelFolder.POOLING_CONFIG);

    private final Path sidecar;
    private int filesHashed;

    /** Remembers file hashes in {@code sidecar} (a JSON file; created when first needed). */
    ModelHash(Path sidecar) {
        this.sidecar = sidecar;
    }

    /** Hex SHA-256 of the folder's content. */
    synchronized String of(ModelFolder folder) {
        ObjectNode known = readSidecar();
        boolean changed = false;
        StringBuilder summary = new StringBuilder();
        for (String name : FILES) {
            Path file = folder.dir().resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            String stamp = stamp(file);
            String pathKey = file.toAbsolutePath().normalize().toString();
            JsonNode entry = known.get(pathKey);
            String sha;
            if (entry != null && stamp.equals(entry.path("stamp").asText()) && entry.path("sha256").isTextual()) {
                sha = entry.get("sha256").asText();
            } else {
                sha = sha256(file);
                filesHashed++;
                known.putObject(pathKey).put("stamp", stamp).put("sha256", sha);
                changed = true;
            }
            summary.append(name).append('\t').append(sha).append('\n');
        }
        if (changed) {
            try {
                Json.write(sidecar, known);
            } catch (IOException e) {
                // The sidecar only saves time; a read-only cache folder still gives right hashes.
            }
        }
        return sha256(summary.toString());
    }

    /** How many files were read and hashed (not found in the sidecar), for tests. */
    synchronized int filesHashed() {
        return filesHashed;
    }

    private ObjectNode readSidecar() {
        if (Files.isRegularFile(sidecar)) {
            try {
                JsonNode n = Json.read(sidecar);
                if (n.isObject()) {
                    return (ObjectNode) n;
                }
            } catch (BadInputException e) {
                // a damaged sidecar is rebuilt
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    /** Size, modification time (nanoseconds where the file system keeps them) and file key. */
    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "|" + a.lastModifiedTime().toInstant() + "|" + Objects.toString(a.fileKey(), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
