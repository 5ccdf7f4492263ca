package dev.tenor.data;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.task.CancellationToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Triplet files: JSON Lines, one object a line with the fields {@code anchor}, {@code positive},
 * {@code negative}, {@code relation}, {@code relation_name}, {@code anchor_index}, {@code other_index},
 * in that order. Reading needs only the three sentences, so hand-made triplet files work too.
 */
public final class TripletFile {

    private static final int CANCEL_CHECK_EVERY = 1024;

    private TripletFile() {
    }

    /**
     * Reads all triplets of a file.
     *
     * @throws BadInputException naming the file and line for a missing or empty file, a malformed line or
     *     a line without the three sentences
     */
    public static List<Triplet> read(Path file) {
        List<Triplet> triplets = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    triplets.add(parse(file, lineNumber, line));
                }
            }
        } catch (NoSuchFileException e) {
            throw BadInputException.of(file, "file not found", e);
        } catch (CharacterCodingException e) {
            throw BadInputException.of(file, "line " + (lineNumber + 1) + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (triplets.isEmpty()) {
            throw BadInputException.of(file, "holds no triplets (empty file)");
        }
        return triplets;
    }

    private static Triplet parse(Path file, int lineNumber, String line) {
        String where = "line " + lineNumber;
        try (JsonParser p = JsonStreams.FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw BadInputException.of(file, where + ": expected a JSON object with \"anchor\", \"positive\" "
                        + "and \"negative\"");
            }
            Map<String, String> texts = new HashMap<>();
            int anchorIndex = -1;
            int otherIndex = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "anchor", "positive", "negative", "relation", "relation_name" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw BadInputException.of(file, where + ": \"" + field + "\" is not a string");
                        }
                        texts.put(field, p.getText());
                    }
                    case "anchor_index", "other_index" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            throw BadInputException.of(file, where + ": \"" + field + "\" is not an integer");
                        }
                        if (field.equals("anchor_index")) {
                            anchorIndex = p.getIntValue();
                        } else {
                            otherIndex = p.getIntValue();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw BadInputException.of(file, where + ", column " + p.currentTokenLocation().getColumnNr()
                        + ": unexpected content after the JSON object");
            }
            for (String field : List.of("anchor", "positive", "negative")) {
                if (!texts.containsKey(field)) {
                    throw BadInputException.of(file, where + ": missing \"" + field + "\"");
                }
            }
            return new Triplet(texts.get("anchor"), texts.get("positive"), texts.get("negative"),
                    texts.get("relation"), texts.get("relation_name"), anchorIndex, otherIndex);
        } catch (JsonProcessingException e) {
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw BadInputException.of(file, where + ", column " + column + ": malformed JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a parser over a string does no I/O
        }
    }

    /** Writes triplets atomically. */
    public static void write(Path file, List<Triplet> triplets) throws IOException {
        write(file, triplets, CancellationToken.NONE);
    }

    /** Writes triplets atomically; a cancel leaves no file (and any earlier file untouched). */
    public static void write(Path file, List<Triplet> triplets, CancellationToken cancel) throws IOException {
        AtomicFiles.write(file, out -> writeLines(out, triplets, cancel));
    }

    /** Writes triplets as JSON lines to {@code out} (not closed). */
    public static void writeLines(OutputStream out, List<Triplet> triplets, CancellationToken cancel)
            throws IOException {
        try (JsonGenerator g = JsonStreams.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            int n = 0;
            for (Triplet t : triplets) {
                if (++n % CANCEL_CHECK_EVERY == 0) {
                    cancel.throwIfCancelled();
                }
                g.writeStartObject();
                g.writeStringField("anchor", t.anchor());
                g.writeStringField("positive", t.positive());
                g.writeStringField("negative", t.negative());
                g.writeStringField("relation", t.relation());
                g.writeStringField("relation_name", t.relationName());
                g.writeNumberField("anchor_index", t.anchorIndex());
                g.writeNumberField("other_index", t.otherIndex());
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }
}
