package dev.tenor.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads FewRel's official format, {@code {"P931": [{"tokens": [...], "h": [name, id, [[positions]]],
 * "t": [...]}, ...], ...}}, and {@code pid2name.json}.
 *
 * <p>A file that is not such an object (bad JSON, empty, wrong top-level shape) is an error naming the
 * file, line and column. A single entry that is not a valid instance (missing {@code h}/{@code t}, a
 * position outside the sentence, ...) does not stop the reading: it is kept as an {@link InvalidInstance}
 * with its reason and location, so the builder counts it and positions of later instances stay those of
 * the file. The file is parsed as a stream, so its SHA-256 comes from the same single read.
 */
public final class FewRelReader {

    private static final int PROGRESS_EVERY = 512;

    private FewRelReader() {
    }

    public static FewRelData read(Path file) {
        return read(file, ProgressListener.NONE, CancellationToken.NONE);
    }

    /**
     * Reads a FewRel file, reporting progress in bytes read.
     *
     * @throws BadInputException when the file is missing, empty or not a FewRel object
     */
    public static FewRelData read(Path file, ProgressListener progress, CancellationToken cancel) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw BadInputException.of(file, "file not found", e);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha);
             JsonParser p = JsonStreams.FACTORY.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            List<FewRelRelation> relations = readRelations(file, p, size, progress, cancel);
            in.transferTo(OutputStream.nullOutputStream()); // the digest must see every byte
            progress.progress(size, size, "reading " + file.getFileName());
            return new FewRelData(file, HexFormat.of().formatHex(sha.digest()), size, relations);
        } catch (JsonProcessingException e) {
            throw BadInputException.of(file, Json.describe(e), e);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static List<FewRelRelation> readRelations(Path file, JsonParser p, long size,
            ProgressListener progress, CancellationToken cancel) throws IOException {
        JsonToken token = p.nextToken();
        if (token == null) {
            throw BadInputException.of(file, "empty file: expected a FewRel object {\"P931\": [instances], ...}");
        }
        if (token != JsonToken.START_OBJECT) {
            throw BadInputException.of(file, at(p.currentTokenLocation())
                    + ": expected a FewRel object {\"P931\": [instances], ...}, found " + found(token));
        }
        Map<String, FewRelRelation> relations = new LinkedHashMap<>();
        int seen = 0;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String id = p.currentName();
            JsonLocation relationAt = p.currentTokenLocation();
            if (relations.containsKey(id)) {
                throw BadInputException.of(file, at(relationAt) + ": relation " + id + " appears twice");
            }
            token = p.nextToken();
            if (token != JsonToken.START_ARRAY) {
                throw BadInputException.of(file, at(p.currentTokenLocation()) + ": relation " + id
                        + ": expected a list of instances, found " + found(token));
            }
            List<FewRelInstance> valid = new ArrayList<>();
            List<InvalidInstance> invalid = new ArrayList<>();
            int index = 0;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                JsonLocation where = p.currentTokenLocation();
                try {
                    valid.add(instance(index, p));
                } catch (Problem problem) {
                    invalid.add(new InvalidInstance(index, problem.reason,
                            at(where) + ": relation " + id + ", instance " + index + ": " + problem.getMessage()));
                }
                index++;
                if (++seen % PROGRESS_EVERY == 0) {
                    cancel.throwIfCancelled();
                    progress.progress(Math.min(p.currentLocation().getByteOffset(), size), size,
                            "reading " + file.getFileName());
                }
            }
            relations.put(id, new FewRelRelation(id, index, valid, invalid));
        }
        if (token != JsonToken.END_OBJECT) {
            throw BadInputException.of(file, at(p.currentTokenLocation()) + ": expected a relation id, found "
                    + found(token));
        }
        token = p.nextToken();
        if (token != null) {
            throw BadInputException.of(file, at(p.currentTokenLocation())
                    + ": unexpected content after the FewRel object: " + found(token));
        }
        if (relations.isEmpty()) {
            throw BadInputException.of(file, "holds no relations");
        }
        return new ArrayList<>(relations.values());
    }

    /**
     * Reads one entry from the parser (positioned on its first token) and leaves the parser on its last
     * token, also when the entry is not valid; throws {@link Problem} with the skip reason then. Streaming
     * rather than a tree per entry: reading is most of a build's time.
     */
    static FewRelInstance instance(int index, JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            String kind = found(p.currentToken());
            p.skipChildren();
            throw new Problem(SkipReason.MALFORMED_INSTANCE, "expected an object, found " + kind);
        }
        List<String> tokens = null;
        EntityParts head = null;
        EntityParts tail = null;
        Problem problem = null;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            try {
                switch (field) {
                    case "tokens" -> tokens = tokens(p);
                    case "h" -> head = EntityParts.read("h", p);
                    case "t" -> tail = EntityParts.read("t", p);
                    default -> p.skipChildren();
                }
            } catch (Problem e) {
                problem = problem == null ? e : problem; // the first problem is reported; read on to the end
            }
        }
        if (problem != null) {
            throw problem;
        }
        if (tokens == null) {
            throw new Problem(SkipReason.MALFORMED_INSTANCE, "missing \"tokens\"");
        }
        if (head == null || tail == null) {
            throw new Problem(SkipReason.MISSING_ENTITY, head == null && tail == null ? "missing \"h\" and \"t\""
                    : head == null ? "missing \"h\"" : "missing \"t\"");
        }
        return new FewRelInstance(index, tokens, head.validate(tokens.size()), tail.validate(tokens.size()));
    }

    private static List<String> tokens(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            throw new Problem(SkipReason.MALFORMED_INSTANCE, "\"tokens\" must be a non-empty list of strings");
        }
        List<String> tokens = new ArrayList<>(48);
        JsonToken token;
        Problem problem = null;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.VALUE_STRING) {
                tokens.add(p.getText());
            } else {
                p.skipChildren();
                if (problem == null) {
                    problem = new Problem(SkipReason.MALFORMED_INSTANCE, "token " + tokens.size() + " is not a string");
                }
            }
        }
        if (problem != null) {
            throw problem;
        }
        if (tokens.isEmpty()) {
            throw new Problem(SkipReason.MALFORMED_INSTANCE, "\"tokens\" must be a non-empty list of strings");
        }
        return tokens;
    }

    /**
     * An entity as read, {@code [name, wikidata id, [[positions of mention 1], ...]]}, checked against the
     * sentence once its length is known (the fields of an instance may come in any order).
     */
    private record EntityParts(String key, String name, String id, int[] first, int min, int max) {

        static EntityParts read(String key, JsonParser p) throws IOException {
            Problem shape = new Problem(SkipReason.MALFORMED_INSTANCE,
                    "\"" + key + "\" must be [name, wikidata id, [[token positions]]]");
            if (p.currentToken() != JsonToken.START_ARRAY) {
                p.skipChildren();
                throw shape;
            }
            String name = "";
            String id = "";
            int[] first = null;
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            Problem problem = null;
            int element = 0;
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (element == 0 && token == JsonToken.VALUE_STRING) {
                    name = p.getText();
                } else if (element == 1 && token == JsonToken.VALUE_STRING) {
                    id = p.getText(); // an empty id is fine: some copies of FewRel lack them
                } else if (element == 2 && token == JsonToken.START_ARRAY) {
                    int mention = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        int[] positions = positions(key, mention, p);
                        if (positions == null) {
                            problem = problem == null ? new Problem(SkipReason.MALFORMED_INSTANCE, "\"" + key
                                    + "\" mention " + mention + " must be a non-empty list of integer positions")
                                    : problem;
                        } else {
                            for (int v : positions) {
                                min = Math.min(min, v);
                                max = Math.max(max, v);
                            }
                            if (mention == 0) {
                                first = positions;
                            }
                        }
                        mention++;
                    }
                } else {
                    p.skipChildren(); // a null id, or anything after the positions
                }
                element++;
            }
            if (problem != null) {
                throw problem;
            }
            if (element < 3 || first == null) {
                throw shape;
            }
            return new EntityParts(key, name, id, first, min, max);
        }

        /** One mention's positions, or null when it is not a non-empty list of integers. */
        private static int[] positions(String key, int mention, JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                p.skipChildren();
                return null;
            }
            int[] values = new int[8];
            int n = 0;
            boolean ok = true;
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    if (n == values.length) {
                        values = java.util.Arrays.copyOf(values, n * 2);
                    }
                    // a position beyond int is out of range whatever the sentence
                    values[n++] = p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue()
                            : p.getText().startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
                } else {
                    p.skipChildren();
                    ok = false;
                }
            }
            return ok && n > 0 ? java.util.Arrays.copyOf(values, n) : null;
        }

        FewRelEntity validate(int tokenCount) {
            if (min < 0 || max >= tokenCount) {
                throw new Problem(SkipReason.SPAN_OUT_OF_RANGE, "\"" + key + "\" position "
                        + (min < 0 ? min : max) + " is outside the sentence's " + tokenCount + " tokens");
            }
            // Swapping replaces a token range, so the first mention must be one.
            for (int i = 1; i < first.length; i++) {
                if (first[i] != first[0] + i) {
                    throw new Problem(SkipReason.SPAN_NOT_CONTIGUOUS, "\"" + key + "\" positions "
                            + java.util.Arrays.toString(first) + " are not consecutive");
                }
            }
            return new FewRelEntity(name, id, first[0], first[first.length - 1] + 1);
        }
    }

    /**
     * Reads {@code pid2name.json}: relation id to {@code [name, description]}.
     *
     * @throws BadInputException when the file is missing or not of that shape
     */
    public static Map<String, RelationInfo> readRelationNames(Path file) {
        try (JsonParser p = JsonStreams.FACTORY.createParser(file.toFile())) {
            JsonToken token = p.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw BadInputException.of(file, (token == null ? "empty file" : at(p.currentTokenLocation())
                        + ": found " + found(token)) + ": expected {\"P931\": [name, description], ...}");
            }
            Map<String, RelationInfo> names = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String id = p.currentName();
                JsonLocation where = p.currentTokenLocation();
                List<String> parts = new ArrayList<>(2);
                boolean ok = p.nextToken() == JsonToken.START_ARRAY;
                if (ok) {
                    JsonToken t;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        ok &= t == JsonToken.VALUE_STRING;
                        parts.add(p.getText());
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
                if (!ok || parts.isEmpty()) {
                    throw BadInputException.of(file, at(where) + ": " + id + ": expected [name, description]");
                }
                names.put(id, new RelationInfo(id, parts.get(0), parts.size() > 1 ? parts.get(1) : ""));
            }
            return names;
        } catch (JsonProcessingException e) {
            throw BadInputException.of(file, Json.describe(e), e);
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            throw BadInputException.of(file, "file not found", e);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    static String at(JsonLocation loc) {
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String found(JsonToken token) {
        if (token == null) {
            return "end of file";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** An entry that is not a usable instance; caught per entry and kept as an {@link InvalidInstance}. */
    static final class Problem extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final SkipReason reason;

        Problem(SkipReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
