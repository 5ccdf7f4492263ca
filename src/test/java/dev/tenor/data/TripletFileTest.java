package dev.tenor.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.io.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TripletFileTest {

    @TempDir
    Path dir;

    @Test
    void writesOneObjectALineWithFieldsInOrderAndReadsThemBack() throws IOException {
        List<Triplet> triplets = List.of(
                new Triplet("A \"quoted\" anchor", "Kurushima-Kaikyō positive", "neg\\ative", "P177", "crosses", 0, 3),
                new Triplet("x", "y", "z", "P931", "", 12, 7));
        Path file = dir.resolve("t.jsonl");
        TripletFile.write(file, triplets);

        assertEquals("""
                {"anchor":"A \\"quoted\\" anchor","positive":"Kurushima-Kaikyō positive","negative":"neg\\\\ative",\
                "relation":"P177","relation_name":"crosses","anchor_index":0,"other_index":3}
                {"anchor":"x","positive":"y","negative":"z","relation":"P931","relation_name":"","anchor_index":12,\
                "other_index":7}
                """, Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(triplets, TripletFile.read(file));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList()); // no temporary file left beside it
        }
    }

    @Test
    void readsHandMadeFilesWithOnlyTheThreeSentences() throws IOException {
        Path file = write("{\"anchor\": \"a\", \"positive\": \"p\", \"negative\": \"n\", \"note\": [1, {\"x\": 2}]}\n\n");
        assertEquals(List.of(new Triplet("a", "p", "n", "", "", -1, -1)), TripletFile.read(file));
    }

    @Test
    void badFilesNameTheFileAndLine() throws IOException {
        Path malformed = write("{\"anchor\":\"a\",\"positive\":\"p\",\"negative\":\"n\"}\n{\"anchor\": \"a\" \"positive\"}\n");
        assertEquals(malformed + ": line 2, column 16: malformed JSON: Unexpected character ('\"' (code 34)): was "
                + "expecting comma to separate Object entries",
                assertThrows(BadInputException.class, () -> TripletFile.read(malformed)).getMessage());

        Path missing = write("{\"anchor\": \"a\", \"negative\": \"n\"}\n");
        assertEquals(missing + ": line 1: missing \"positive\"",
                assertThrows(BadInputException.class, () -> TripletFile.read(missing)).getMessage());

        Path notText = write("{\"anchor\": \"a\", \"positive\": 3, \"negative\": \"n\"}\n");
        assertEquals(notText + ": line 1: \"positive\" is not a string",
                assertThrows(BadInputException.class, () -> TripletFile.read(notText)).getMessage());

        Path notObject = write("[\"a\", \"p\", \"n\"]\n");
        assertEquals(notObject + ": line 1: expected a JSON object with \"anchor\", \"positive\" and \"negative\"",
                assertThrows(BadInputException.class, () -> TripletFile.read(notObject)).getMessage());

        Path twoOnALine = write("{\"anchor\":\"a\",\"positive\":\"p\",\"negative\":\"n\"} {}\n");
        assertEquals(twoOnALine + ": line 1, column 46: unexpected content after the JSON object",
                assertThrows(BadInputException.class, () -> TripletFile.read(twoOnALine)).getMessage());

        Path empty = write("\n \n");
        assertEquals(empty + ": holds no triplets (empty file)",
                assertThrows(BadInputException.class, () -> TripletFile.read(empty)).getMessage());

        Path absent = dir.resolve("absent.jsonl");
        assertEquals(absent + ": file not found",
                assertThrows(BadInputException.class, () -> TripletFile.read(absent)).getMessage());

        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, "{\"anchor\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(BadInputException.class, () -> TripletFile.read(latin1)).getMessage()
                .startsWith(latin1 + ": line 1: not UTF-8 text"));
    }

    private int files;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("f" + files++ + ".jsonl");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
