package dev.tenor.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads an intent dataset folder: splits {@code train}, {@code test} and optionally {@code validation},
 * each one file named after the split, as JSON Lines ({@code .jsonl}, or {@code .json} holding JSON Lines;
 * MTEB's format {@code {"text": ..., "label_text": ...}}, an integer {@code label} accepted when
 * {@code label_text} is absent) or CSV/TSV with a header row ({@code .csv}, {@code .tsv}); any of them may
 * be gzipped ({@code .gz}).
 *
 * <p>Bad input gives a {@link BadInputException} naming the file and line: a folder without a train or
 * test split, two files for one split, malformed JSON, a missing field or column, an empty text or label,
 * a CSV row with the wrong number of fields. Blank lines are not errors: they are skipped and counted in
 * {@link IntentSplit#blankLines()} so a report can mention them. Labels in test that train lacks are not
 * errors either: {@link IntentDataset#unknownTestLabels()} counts them.
 */
public final class IntentDatasetReader {

    /** Split names, in the order they are read. */
    public static final List<String> SPLITS = List.of("train", "test", "validation");

    /** File endings recognised, each optionally followed by {@code .gz}. */
    public static final List<String> EXTENSIONS = List.of(".jsonl", ".json", ".csv", ".tsv");

    private static final ObjectReader LINE_READER =
            Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private IntentDatasetReader() {
    }

    /** Reads {@code folder} with MTEB's column names. */
    public static IntentDataset read(Path folder) {
        return read(folder, IntentColumns.DEFAULT);
    }

    public static IntentDataset read(Path folder, IntentColumns columns) {
        if (!Files.exists(folder)) {
            throw BadInputException.of(folder, "dataset folder not found");
        }
        if (!Files.isDirectory(folder)) {
            throw BadInputException.of(folder, "not a folder (an intent dataset is a folder with train and test"
                    + " files)");
        }
        Path train = findSplit(folder, "train").orElseThrow(() -> missing(folder, "train"));
        Path test = findSplit(folder, "test").orElseThrow(() -> missing(folder, "test"));
        Optional<Path> validation = findSplit(folder, "validation");
        return new IntentDataset(nameOf(folder), folder, columns,
                readSplit(train, "train", columns),
                readSplit(test, "test", columns),
                validation.map(f -> readSplit(f, "validation", columns)).orElse(null));
    }

    /** The file of {@code split} in {@code folder}, if there is exactly one; two candidates are an error. */
    public static Optional<Path> findSplit(Path folder, String split) {
        List<Path> found = new ArrayList<>();
        for (String ext : EXTENSIONS) {
            for (String name : List.of(split + ext, split + ext + ".gz")) {
                Path p = folder.resolve(name);
                if (Files.isRegularFile(p)) {
                    found.add(p);
                }
            }
        }
        if (found.size() > 1) {
            throw BadInputException.of(folder, "more than one " + split + " file ("
                    + String.join(", ", found.stream().map(p -> p.getFileName().toString()).toList())
                    + "); keep one");
        }
        return found.stream().findFirst();
    }

    /** Reads one split file; its format follows from its name. */
    public static IntentSplit readSplit(Path file, String split, IntentColumns columns) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gz = name.endsWith(".gz");
        String base = gz ? name.substring(0, name.length() - 3) : name;
        List<IntentExample> examples = new ArrayList<>();
        int blank;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT)
                     .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
            if (base.endsWith(".jsonl") || base.endsWith(".json")) {
                blank = readJsonLines(reader, file, columns, examples);
            } else if (base.endsWith(".csv")) {
                blank = readDelimited(reader, ',', file, columns, examples);
            } else if (base.endsWith(".tsv")) {
                blank = readDelimited(reader, '\t', file, columns, examples);
            } else {
                throw BadInputException.of(file, "unknown format: expected " + String.join(", ", EXTENSIONS)
                        + " (optionally .gz)");
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw BadInputException.of(file, "file not found", e);
        } catch (java.util.zip.ZipException e) {
            throw BadInputException.of(file, "not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (examples.isEmpty()) {
            throw BadInputException.of(file, "no examples in the " + split + " split");
        }
        return new IntentSplit(split, file, sha256(file), examples, blank);
    }

    /** Hex SHA-256 of a file's bytes (as stored, so of the compressed bytes for a .gz). */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot be read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int readJsonLines(BufferedReader reader, Path file, IntentColumns columns,
            List<IntentExample> out) throws IOException {
        int blank = 0;
        int lineNo = 0;
        String line;
        while (true) {
            try {
                line = reader.readLine();
            } catch (CharacterCodingException e) {
                throw BadInputException.of(file, "line " + (lineNo + 1) + ": not UTF-8 text", e);
            }
            if (line == null) {
                break;
            }
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                blank++;
                continue;
            }
            JsonNode node;
            try {
                node = LINE_READER.readTree(line);
            } catch (JsonProcessingException e) {
                String hint = lineNo == 1 && line.strip().startsWith("[")
                        ? " (this looks like one JSON array; Tenor reads JSON Lines: one object per line)" : "";
                throw BadInputException.of(file, "line " + lineNo + ": malformed JSON: " + e.getOriginalMessage()
                        + hint, e);
            }
            if (!node.isObject()) {
                throw BadInputException.of(file, "line " + lineNo + ": expected a JSON object {\"" + columns.text()
                        + "\": ..., \"" + IntentColumns.AUTO_LABELS[0] + "\": ...}");
            }
            JsonNode text = node.get(columns.text());
            if (text == null || text.isNull()) {
                throw BadInputException.of(file, "line " + lineNo + ": no \"" + columns.text() + "\" field");
            }
            if (!text.isTextual()) {
                throw BadInputException.of(file, "line " + lineNo + ": \"" + columns.text() + "\" is not a string");
            }
            String labelKey = labelKey(node, columns);
            if (labelKey == null) {
                throw BadInputException.of(file, "line " + lineNo + ": no \"" + columns.labelDescription()
                        .replace(" or ", "\" or \"") + "\" field");
            }
            JsonNode label = node.get(labelKey);
            if (!label.isTextual() && !label.isIntegralNumber()) {
                throw BadInputException.of(file, "line " + lineNo + ": \"" + labelKey
                        + "\" is neither a string nor an integer");
            }
            out.add(example(text.asText(), label.asText(), file, lineNo, columns.text(), labelKey));
        }
        return blank;
    }

    /** The label field this object uses, or null when it has none. */
    private static String labelKey(JsonNode node, IntentColumns columns) {
        if (columns.label() != null) {
            JsonNode v = node.get(columns.label());
            return v == null || v.isNull() ? null : columns.label();
        }
        for (String key : IntentColumns.AUTO_LABELS) {
            JsonNode v = node.get(key);
            if (v != null && !v.isNull()) {
                return key;
            }
        }
        return null;
    }

    private static int readDelimited(BufferedReader reader, char delimiter, Path file, IntentColumns columns,
            List<IntentExample> out) throws IOException {
        int[][] layout = new int[1][]; // {field count, text index, label index}, set by the header row
        String[] labelName = new String[1];
        int blank = IntentCsv.parse(reader, delimiter, file, row -> {
            if (layout[0] == null) {
                layout[0] = header(row.fields(), file, columns, labelName);
                return;
            }
            int[] cols = layout[0];
            if (row.fields().size() != cols[0]) {
                throw BadInputException.of(file, "line " + row.line() + ": " + row.fields().size()
                        + " fields, the header has " + cols[0]);
            }
            out.add(example(row.fields().get(cols[1]), row.fields().get(cols[2]), file, row.line(),
                    columns.text(), labelName[0]));
        });
        if (layout[0] == null) {
            throw BadInputException.of(file, "empty file: expected a header row naming the \"" + columns.text()
                    + "\" and \"" + columns.labelDescription().replace(" or ", "\" or \"") + "\" columns");
        }
        return blank;
    }

    /** {field count, text column, label column} from the header row. */
    private static int[] header(List<String> fields, Path file, IntentColumns columns, String[] labelName) {
        List<String> names = new ArrayList<>();
        for (String f : fields) {
            names.add(names.isEmpty() && f.startsWith("\uFEFF") ? f.substring(1).strip() : f.strip());
        }
        int text = column(names, columns.text(), file);
        if (text < 0) {
            throw BadInputException.of(file, "no \"" + columns.text() + "\" column (the header has: "
                    + String.join(", ", names) + ")");
        }
        String[] candidates = columns.label() != null ? new String[] {columns.label()} : IntentColumns.AUTO_LABELS;
        for (String candidate : candidates) {
            int label = column(names, candidate, file);
            if (label >= 0) {
                labelName[0] = candidate;
                return new int[] {names.size(), text, label};
            }
        }
        throw BadInputException.of(file, "no \"" + columns.labelDescription().replace(" or ", "\" or \"")
                + "\" column (the header has: " + String.join(", ", names) + ")");
    }

    private static int column(List<String> names, String wanted, Path file) {
        int first = names.indexOf(wanted);
        if (first >= 0 && names.lastIndexOf(wanted) != first) {
            throw BadInputException.of(file, "the header names the column \"" + wanted + "\" twice");
        }
        return first;
    }

    private static IntentExample example(String text, String label, Path file, int line, String textName,
            String labelName) {
        if (text.isBlank()) {
            throw BadInputException.of(file, "line " + line + ": empty \"" + textName + "\"");
        }
        if (label.isBlank()) {
            throw BadInputException.of(file, "line " + line + ": empty \"" + labelName + "\"");
        }
        return new IntentExample(text, label.strip());
    }

    private static BadInputException missing(Path folder, String split) {
        StringBuilder msg = new StringBuilder("no " + split + " split: expected " + split + ".jsonl, " + split
                + ".csv or " + split + ".tsv (or .json, .gz)");
        try (Stream<Path> list = Files.list(folder)) {
            List<String> dirs = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            if (!dirs.isEmpty()) {
                msg.append("; it has the folders ").append(String.join(", ", dirs))
                        .append(": is the dataset in one of them?");
            }
        } catch (IOException e) {
            // the listing only improves the message
        }
        return BadInputException.of(folder, msg.toString());
    }

    /** "mtop_intent/en" for a language folder (a short code) inside a dataset folder, else the folder name. */
    static String nameOf(Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        String name = abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
        Path parent = abs.getParent();
        if (name.matches("[a-z]{2,3}([-_][A-Za-z]{2,4})?") && parent != null && parent.getFileName() != null) {
            return parent.getFileName() + "/" + name;
        }
        return name;
    }
}
