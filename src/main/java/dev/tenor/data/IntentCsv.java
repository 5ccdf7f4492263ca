package dev.tenor.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tenor.io.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.List;

/**
 * CSV and TSV records through Jackson's CSV parser (RFC 4180: fields may be quoted with {@code "}, a quoted
 * field may hold delimiters, line breaks and doubled quotes). Lines with nothing but spaces are skipped and
 * counted; a parse error names the file and the line it is on.
 */
final class IntentCsv {

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
            .build();

    /** One record and the (1-based) line it starts on. */
    record Row(int line, List<String> fields) {
    }

    @FunctionalInterface
    interface RowHandler {
        void row(Row row);
    }

    private IntentCsv() {
    }

    /** Hands every record to {@code handler} and returns the number of blank lines skipped. */
    static int parse(Reader in, char delimiter, Path file, RowHandler handler) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter).withQuoteChar('"')
                .withoutEscapeChar();
        int blank = 0;
        int line = 1;
        int rowStart = 1;
        try (MappingIterator<List<String>> rows = MAPPER.readerForListOf(String.class).with(schema)
                .readValues(in)) {
            while (true) {
                line = lineOf(rows.getCurrentLocation(), line);
                if (!rows.hasNextValue()) {
                    break;
                }
                int start = lineOf(rows.getCurrentLocation(), line);
                rowStart = start;
                List<String> fields = rows.nextValue();
                // intent files have two columns at least: a lone blank field is a blank line
                if (fields.size() <= 1 && (fields.isEmpty() || fields.get(0).isBlank())) {
                    blank++;
                    continue;
                }
                handler.row(new Row(start, List.copyOf(fields)));
            }
        } catch (CharacterCodingException e) {
            throw BadInputException.of(file, "line " + line + ": not UTF-8 text", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String why = reason(e);
            if (why.startsWith("Missing closing quote")) { // Jackson reports where the file ended
                throw BadInputException.of(file, "line " + rowStart + ": a quoted field is never closed", e);
            }
            if (why.contains("Expected column separator character")) { // "quoted" text after its closing quote
                why = "text after a closing quote (a quote inside a quoted field must be doubled: \"\")";
            }
            throw BadInputException.of(file, "line " + lineOf(e.getLocation(), line) + ": " + why, e);
        } catch (RuntimeJsonMappingException e) {
            throw BadInputException.of(file, "line " + line + ": " + e.getMessage(), e);
        }
        return blank;
    }

    private static int lineOf(JsonLocation location, int fallback) {
        return location == null || location.getLineNr() < 1 ? fallback : location.getLineNr();
    }

    /** Jackson's message without its location and source excerpt, which the line number replaces. */
    private static String reason(com.fasterxml.jackson.core.JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? "not valid CSV" : m.strip();
    }
}
