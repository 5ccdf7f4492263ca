package dev.tenor.data;

import dev.tenor.TestEnvironment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.io.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentDatasetReaderTest {

    private static final Path MTOP = Path.of("../shared/data/mtop_intent/en");

    @TempDir
    Path dir;

    @Test
    void readsMtopEnglish() throws Exception {
        TestEnvironment.needData(MTOP);
        IntentDataset d = IntentDatasetReader.read(MTOP);
        assertEquals("mtop_intent/en", d.name());
        assertEquals(15_667, d.train().size());
        assertEquals(4_386, d.test().size());
        assertEquals(2_235, d.validationSplit().orElseThrow().size());
        assertEquals(113, d.trainLabels().size());
        assertEquals(102, d.test().labelCounts().size());
        assertEquals(88, d.validation().labelCounts().size());
        assertEquals(Map.of(), d.unknownTestLabels());
        assertEquals(0, d.train().blankLines());
        assertEquals(new IntentExample("Has Angelika Kratzer video messaged me?", "GET_MESSAGE"),
                d.train().examples().get(0));
        assertEquals(new IntentExample("Show me dates for music festivals in 2018", "GET_EVENT"),
                d.test().examples().get(0));
        assertEquals("train", d.train().name());
        assertEquals(hex(Files.readAllBytes(MTOP.resolve("train.jsonl"))), d.train().sha256());
        assertEquals(hex(Files.readAllBytes(MTOP.resolve("test.jsonl"))), d.test().sha256());
        assertEquals(64, d.sha256().length());
    }

    @Test
    void jsonLinesWithIntegerLabelsBlankLinesAndUnknownTestLabels() throws IOException {
        write("train.jsonl", "\uFEFF{\"text\": \"wake me at 7\", \"label\": 3}\n"
                + "\n"
                + "{\"text\": \"play jazz\", \"label_text\": \"PLAY_MUSIC\", \"label\": 5}\n"
                + "   \n"
                + "{\"text\": \"é ünïcode\", \"label\": \"OTHER\"}");
        write("test.jsonl", "{\"text\": \"alarm please\", \"label\": 3}\n"
                + "{\"text\": \"weather?\", \"label_text\": \"GET_WEATHER\"}\n"
                + "{\"text\": \"rain?\", \"label_text\": \"GET_WEATHER\"}\n");
        IntentDataset d = IntentDatasetReader.read(dir);
        assertEquals(List.of(new IntentExample("wake me at 7", "3"), new IntentExample("play jazz", "PLAY_MUSIC"),
                new IntentExample("é ünïcode", "OTHER")), d.train().examples());
        assertEquals(2, d.train().blankLines());
        assertTrue(d.validationSplit().isEmpty());
        assertEquals(Map.of("GET_WEATHER", 2), d.unknownTestLabels());
        assertEquals(2, d.unknownTestSentences());
        assertEquals(List.of("3", "GET_WEATHER", "GET_WEATHER"), d.test().labels());
    }

    @Test
    void csvWithQuotedFieldsAndOtherColumns() throws IOException {
        write("train.csv", "id,sentence,intent\r\n"
                + "1,\"hello, world\",GREET\r\n"
                + "2,\"she said \"\"hi\"\"\",GREET\r\n"
                + "3,\"two\nlines\",MULTI\r\n"
                + "\r\n"
                + "4,it's 5\" tall,SIZE\r\n"
                + "5,\"\",EMPTY");
        Path file = dir.resolve("train.csv");
        BadInputException e = assertThrows(BadInputException.class,
                () -> IntentDatasetReader.readSplit(file, "train", new IntentColumns("sentence", "intent")));
        assertEquals(file + ": line 8: empty \"sentence\"", e.getMessage());

        write("train.csv", "id,sentence,intent\r\n"
                + "1,\"hello, world\",GREET\r\n"
                + "2,\"she said \"\"hi\"\"\",GREET\r\n"
                + "3,\"two\nlines\",MULTI\r\n"
                + "\r\n"
                + "4,it's 5\" tall, SIZE \r\n");
        IntentSplit split = IntentDatasetReader.readSplit(file, "train", new IntentColumns("sentence", "intent"));
        assertEquals(List.of(new IntentExample("hello, world", "GREET"), new IntentExample("she said \"hi\"", "GREET"),
                new IntentExample("two\nlines", "MULTI"), new IntentExample("it's 5\" tall", "SIZE")),
                split.examples());
        assertEquals(1, split.blankLines());
        assertEquals(Map.of("GREET", 2, "MULTI", 1, "SIZE", 1), split.labelCounts());
    }

    @Test
    void tsvAndGzipWithDefaultColumns() throws Exception {
        write("train.tsv", "label\ttext\nA\tfirst one\nB\t\"quoted\ttab\"\n");
        byte[] csv = "text,label_text,label\nhi there,HELLO,0\n".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("test.csv.gz")))) {
            out.write(csv);
        }
        write("validation.jsonl", "{\"text\": \"v\", \"label_text\": \"A\"}\n");
        IntentDataset d = IntentDatasetReader.read(dir, IntentColumns.DEFAULT);
        assertEquals(List.of(new IntentExample("first one", "A"), new IntentExample("quoted\ttab", "B")),
                d.train().examples());
        assertEquals(List.of(new IntentExample("hi there", "HELLO")), d.test().examples());
        assertEquals(1, d.validation().size());
        assertEquals(hex(Files.readAllBytes(dir.resolve("test.csv.gz"))), d.test().sha256());
        String before = d.sha256();
        write("validation.jsonl", "{\"text\": \"v\", \"label_text\": \"B\"}\n");
        assertNotEquals(before, IntentDatasetReader.read(dir).sha256());
    }

    @Test
    void missingSplitsAreNamed() throws IOException {
        Files.createDirectories(dir.resolve("en"));
        BadInputException e = assertThrows(BadInputException.class, () -> IntentDatasetReader.read(dir));
        assertEquals(dir + ": no train split: expected train.jsonl, train.csv or train.tsv (or .json, .gz); it has"
                + " the folders en: is the dataset in one of them?", e.getMessage());
        write("train.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n");
        e = assertThrows(BadInputException.class, () -> IntentDatasetReader.read(dir));
        assertTrue(e.getMessage().startsWith(dir + ": no test split: expected test.jsonl"), e.getMessage());
        write("train.csv", "text,label\na,x\n");
        e = assertThrows(BadInputException.class, () -> IntentDatasetReader.read(dir));
        assertEquals(dir + ": more than one train file (train.jsonl, train.csv); keep one", e.getMessage());

        Path nowhere = dir.resolve("nowhere");
        e = assertThrows(BadInputException.class, () -> IntentDatasetReader.read(nowhere));
        assertEquals(nowhere + ": dataset folder not found", e.getMessage());
        Path file = dir.resolve("train.csv");
        e = assertThrows(BadInputException.class, () -> IntentDatasetReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a folder"), e.getMessage());
    }

    @Test
    void badJsonLinesNameFileAndLine() throws IOException {
        assertJsonlError("{\"text\": \"ok\", \"label\": 1}\n{\"text\": \"oops\", \"label\": \n",
                "line 2: malformed JSON: ");
        assertJsonlError("{\"text\": \"a\", \"label\": 1} trailing\n", "line 1: malformed JSON: ");
        assertJsonlError("[{\"text\": \"a\", \"label\": 1},\n", "line 1: malformed JSON: ");
        assertJsonlError("[\"a\", 1]\n", "line 1: expected a JSON object");
        assertJsonlError("\n{\"label\": 1}\n", "line 2: no \"text\" field");
        assertJsonlError("{\"text\": 5, \"label\": 1}\n", "line 1: \"text\" is not a string");
        assertJsonlError("{\"text\": \"  \", \"label\": 1}\n", "line 1: empty \"text\"");
        assertJsonlError("{\"text\": \"a\"}\n", "line 1: no \"label_text\" or \"label\" field");
        assertJsonlError("{\"text\": \"a\", \"label\": 1.5}\n", "line 1: \"label\" is neither a string nor an integer");
        assertJsonlError("{\"text\": \"a\", \"label_text\": \"\"}\n", "line 1: empty \"label_text\"");
        assertJsonlError("\n\n", "no examples in the train split");
        Path file = dir.resolve("train.jsonl");
        Files.write(file, new byte[] {'{', '"', 't', '"', ':', (byte) 0xC3, (byte) 0x28, '}', '\n'});
        BadInputException e = assertThrows(BadInputException.class,
                () -> IntentDatasetReader.readSplit(file, "train", IntentColumns.DEFAULT));
        assertEquals(file + ": line 1: not UTF-8 text", e.getMessage());
        String array = "[{\"text\": \"a\", \"label\": 1},\n";
        write("train.jsonl", array);
        e = assertThrows(BadInputException.class,
                () -> IntentDatasetReader.readSplit(file, "train", IntentColumns.DEFAULT));
        assertTrue(e.getMessage().endsWith("(this looks like one JSON array; Tenor reads JSON Lines: one object"
                + " per line)"), e.getMessage());
    }

    @Test
    void badCsvNamesFileAndLine() throws IOException {
        assertCsvError("sentence,label\nhi,A\n", "no \"text\" column (the header has: sentence, label)");
        assertCsvError("text,intent\nhi,A\n", "no \"label_text\" or \"label\" column (the header has: text, intent)");
        assertCsvError("text,label\nhi,A\nthere,B,extra\n", "line 3: 3 fields, the header has 2");
        assertCsvError("text,label\n\"hi,A\nthere,B\n", "line 2: a quoted field is never closed");
        assertCsvError("text,label\n\"hi\" there,A\n", "line 2: text after a closing quote (a quote inside a"
                + " quoted field must be doubled: \"\")");
        assertCsvError("", "empty file: expected a header row naming the \"text\" and \"label_text\" or \"label\""
                + " columns");
        assertCsvError("text,label\n", "no examples in the train split");
        assertCsvError("text,label,text\nhi,A,x\n", "the header names the column \"text\" twice");
        assertCsvError("text,label\n,A\n", "line 2: empty \"text\"");
    }

    @Test
    void datasetNames() {
        assertEquals("mtop_intent/en", IntentDatasetReader.nameOf(Path.of("/d/mtop_intent/en")));
        assertEquals("massive/en-US", IntentDatasetReader.nameOf(Path.of("/d/massive/en-US")));
        assertEquals("my_intents", IntentDatasetReader.nameOf(Path.of("/d/my_intents")));
        assertFalse(IntentDatasetReader.nameOf(Path.of("/d/banking77")).contains("/"));
    }

    private void assertJsonlError(String content, String problem) throws IOException {
        Path file = write("train.jsonl", content);
        BadInputException e = assertThrows(BadInputException.class,
                () -> IntentDatasetReader.readSplit(file, "train", IntentColumns.DEFAULT));
        assertTrue(e.getMessage().startsWith(file + ": " + problem), e.getMessage());
    }

    private void assertCsvError(String content, String problem) throws IOException {
        Path file = write("train.csv", content);
        BadInputException e = assertThrows(BadInputException.class,
                () -> IntentDatasetReader.readSplit(file, "train", IntentColumns.DEFAULT));
        assertEquals(file + ": " + problem, e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
