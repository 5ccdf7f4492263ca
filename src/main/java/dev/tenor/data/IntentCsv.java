package dev.tenor.data;

import dev.tenor.io.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader for CSV and TSV: fields may be quoted with {@code "}, a quoted field may hold
 * delimiters, line breaks and doubled quotes ({@code ""}). A quote inside an unquoted field is an ordinary
 * character (as Python's csv module reads it); text after a closing quote is an error. Lines with nothing
 * but spaces are skipped and counted.
 */
final class IntentCsv {

    /** One record and the (1-based) line it starts on. */
    record Row(int line, List<String> fields) {
    }

    @FunctionalInterface
    interface RowHandler {
        void row(Row row);
    }

    private final Reader in;
    private final char delimiter;
    private final Path file;
    private int pushedBack = -2;
    private int line = 1;

    private IntentCsv(Reader in, char delimiter, Path file) {
        this.in = in;
        this.delimiter = delimiter;
        this.file = file;
    }

    /** Hands every record to {@code handler} and returns the number of blank lines skipped. */
    static int parse(Reader in, char delimiter, Path file, RowHandler handler) throws IOException {
        IntentCsv csv = new IntentCsv(in, delimiter, file);
        try {
            return csv.run(handler);
        } catch (CharacterCodingException e) {
            throw BadInputException.of(file, "line " + csv.line + ": not UTF-8 text", e);
        }
    }

    private int run(RowHandler handler) throws IOException {
        int blank = 0;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;      // the current field started with a quote
        boolean inQuotes = false;    // inside that quote now
        boolean afterQuote = false;  // the quote has closed; only a delimiter or line end may follow
        int rowStart = 1;
        int c;
        while ((c = next()) != -1) {
            if (inQuotes) {
                if (c == '"') {
                    if (peek() == '"') {
                        next();
                        field.append('"');
                    } else {
                        inQuotes = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n' || c == '\r' && peek() != '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
                continue;
            }
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                quoted = false;
                afterQuote = false;
                continue;
            }
            if (c == '\r' || c == '\n') {
                if (c == '\r' && peek() == '\n') {
                    next();
                }
                if (fields.isEmpty() && !quoted && field.toString().isBlank()) {
                    blank++;
                } else {
                    fields.add(field.toString());
                    handler.row(new Row(rowStart, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                quoted = false;
                afterQuote = false;
                line++;
                rowStart = line;
                continue;
            }
            if (afterQuote) {
                throw BadInputException.of(file, "line " + line + ": text after a closing quote (a quote inside a"
                        + " quoted field must be doubled: \"\")");
            }
            if (c == '"' && field.length() == 0 && !quoted) {
                quoted = true;
                inQuotes = true;
                continue;
            }
            field.append((char) c);
        }
        if (inQuotes) {
            throw BadInputException.of(file, "line " + rowStart + ": a quoted field is never closed");
        }
        if (!fields.isEmpty() || quoted || !field.toString().isBlank()) {
            fields.add(field.toString());
            handler.row(new Row(rowStart, List.copyOf(fields)));
        }
        return blank;
    }

    private int next() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (pushedBack == -2) {
            pushedBack = in.read();
        }
        return pushedBack;
    }
}
