package dev.tenor.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FewRelReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheOfficialValidationFile() throws Exception {
        Path file = FewRelFiles.val();
        FewRelData data = FewRelReader.read(file);

        assertEquals(16, data.relations().size());
        assertEquals(11_200, data.instanceCount());
        assertEquals(0, data.invalidCount());
        data.relations().forEach(r -> assertEquals(700, r.size(), r.id()));
        assertEquals(Files.size(file), data.bytes());
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        assertEquals(HexFormat.of().formatHex(digest), data.sha256());

        FewRelRelation first = data.relations().get(0);
        assertEquals("P177", first.id());
        FewRelInstance i0 = first.instances().get(0);
        assertEquals(0, i0.index());
        assertEquals(30, i0.tokens().size());
        assertEquals(new FewRelEntity("cape girardeau bridge", "Q5034838", 26, 29), i0.head());
        assertEquals(new FewRelEntity("mississippi river", "Q1497", 19, 21), i0.tail());
        assertEquals(List.of("Cape", "Girardeau", "Bridge"), i0.headTokens());
        assertEquals(List.of("Mississippi", "River"), i0.tailTokens());
    }

    @Test
    void readsThePartialTrainingFileWithEmptyWikidataIds() throws Exception {
        FewRelData data = FewRelReader.read(FewRelFiles.trainPartial());
        JsonNode expected = Json.read(FewRelFiles.existing("train_wiki_partial.stats.json")).get("per_relation");

        assertEquals(64, data.relations().size());
        assertEquals(40_761, data.instanceCount());
        assertEquals(0, data.invalidCount());
        for (FewRelRelation r : data.relations()) {
            assertEquals(expected.get(r.id()).asInt(), r.size(), r.id());
        }
        long emptyIds = data.relations().stream().flatMap(r -> r.instances().stream())
                .flatMap(i -> List.of(i.head(), i.tail()).stream())
                .filter(e -> e.wikidataId().isEmpty()).count();
        assertEquals(65_696, emptyIds); // counted independently with Python's json module
    }

    @Test
    void readsRelationNames() {
        RelationNames names = RelationNames.read(FewRelFiles.pid2name());
        assertEquals(744, names.byId().size());
        assertEquals("crosses", names.name("P177"));
        assertEquals(new RelationInfo("P931", "place served by transport hub",
                "territorial entity or entities served by this transport hub (airport, train station, etc.)"),
                names.byId().get("P931"));
        assertEquals("", names.name("P999999"));
        assertEquals(64, names.sha256().length());
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws IOException {
        Path file = write("bad.json", """
                {
                  "P1": [
                    {"tokens": ["a", "b"], "h": ["a", "Q1", [[0]]], "t": ["b", "Q2", [[1]]]},
                    {"tokens": ["c" "d"]}
                  ]
                }
                """);
        BadInputException e = assertThrows(BadInputException.class, () -> FewRelReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": malformed JSON at line 4, column 21: Unexpected character"),
                e.getMessage());
    }

    @Test
    void emptyAndWronglyShapedFilesAreErrors() throws IOException {
        Path empty = write("empty.json", "");
        assertEquals(empty + ": empty file: expected a FewRel object {\"P931\": [instances], ...}",
                assertThrows(BadInputException.class, () -> FewRelReader.read(empty)).getMessage());
        Path blank = write("blank.json", "  \n\n");
        assertTrue(assertThrows(BadInputException.class, () -> FewRelReader.read(blank)).getMessage()
                .startsWith(blank + ": empty file"));
        Path list = write("list.json", "[1, 2]");
        assertEquals(list + ": line 1, column 1: expected a FewRel object {\"P931\": [instances], ...}, found a list",
                assertThrows(BadInputException.class, () -> FewRelReader.read(list)).getMessage());
        Path noRelations = write("none.json", "{}");
        assertEquals(noRelations + ": holds no relations",
                assertThrows(BadInputException.class, () -> FewRelReader.read(noRelations)).getMessage());
        Path notAList = write("notalist.json", "{\"P1\": {\"tokens\": []}}");
        assertEquals(notAList + ": line 1, column 8: relation P1: expected a list of instances, found an object",
                assertThrows(BadInputException.class, () -> FewRelReader.read(notAList)).getMessage());
        Path twice = write("twice.json", "{\"P1\": [], \"P1\": []}");
        assertTrue(assertThrows(BadInputException.class, () -> FewRelReader.read(twice)).getMessage()
                .endsWith("relation P1 appears twice"));
        Path trailing = write("trailing.json", "{\"P1\": []} {}");
        assertTrue(assertThrows(BadInputException.class, () -> FewRelReader.read(trailing)).getMessage()
                .contains("unexpected content after the FewRel object"));
        Path missing = dir.resolve("missing.json");
        assertEquals(missing + ": file not found",
                assertThrows(BadInputException.class, () -> FewRelReader.read(missing)).getMessage());
    }

    @Test
    void invalidInstancesAreKeptWithReasonAndLocation() throws IOException {
        Path file = write("mixed.json", """
                {"P1": [
                  {"tokens": ["A", "met", "B"], "h": ["a", "", [[0]]], "t": ["b", null, [[2]]]},
                  {"tokens": ["A", "met", "B"], "h": ["a", "Q1", [[0]]], "t": ["b", "Q2", [[5]]]},
                  {"tokens": ["A", "met", "B"], "t": ["b", "Q2", [[2]]]},
                  {"tokens": ["A", "met", "B"]},
                  {"tokens": ["A", "met", "B", "C"], "h": ["a c", "Q1", [[0, 2]]], "t": ["b", "Q2", [[3]]]},
                  "not an instance",
                  {"tokens": [], "h": ["a", "Q1", [[0]]], "t": ["b", "Q2", [[0]]]},
                  {"tokens": ["A", 7], "h": ["a", "Q1", [[0]]], "t": ["b", "Q2", [[1]]]},
                  {"tokens": ["A", "B"], "h": ["a", "Q1", []], "t": ["b", "Q2", [[1]]]},
                  {"t": ["b", "Q2", [[1]]], "h": ["a", "Q1", [[0]], "extra"], "tokens": ["A", "B"], "x": {"y": [1]}},
                  {"tokens": ["A", "B"], "h": ["a", "Q1", [[0], [9]]], "t": ["b", "Q2", [[1]]]},
                  {"tokens": ["A", "B"], "h": ["a", "Q1", [[-1]]], "t": ["b", "Q2", [[1]]]}
                ]}
                """);
        FewRelData data = FewRelReader.read(file);
        FewRelRelation r = data.relations().get(0);
        assertEquals(12, r.size());
        assertEquals(List.of(0, 9), r.instances().stream().map(FewRelInstance::index).toList());
        assertEquals("", r.instances().get(0).head().wikidataId());
        assertEquals("", r.instances().get(0).tail().wikidataId());
        assertEquals(new FewRelEntity("a", "Q1", 0, 1), r.instances().get(1).head());

        List<String> reasons = new ArrayList<>();
        r.invalid().forEach(i -> reasons.add(i.index() + " " + i.reason()));
        assertEquals(List.of("1 SPAN_OUT_OF_RANGE", "2 MISSING_ENTITY", "3 MISSING_ENTITY",
                "4 SPAN_NOT_CONTIGUOUS", "5 MALFORMED_INSTANCE", "6 MALFORMED_INSTANCE", "7 MALFORMED_INSTANCE",
                "8 MALFORMED_INSTANCE", "10 SPAN_OUT_OF_RANGE", "11 SPAN_OUT_OF_RANGE"), reasons);
        Map<Integer, String> details = new java.util.HashMap<>();
        r.invalid().forEach(i -> details.put(i.index(), i.detail()));
        assertEquals("line 3, column 3: relation P1, instance 1: \"t\" position 5 is outside the sentence's 3 tokens",
                details.get(1));
        assertEquals("line 4, column 3: relation P1, instance 2: missing \"h\"", details.get(2));
        assertEquals("line 5, column 3: relation P1, instance 3: missing \"h\" and \"t\"", details.get(3));
        assertEquals("line 6, column 3: relation P1, instance 4: \"h\" positions [0, 2] are not consecutive",
                details.get(4));
        assertEquals("line 7, column 3: relation P1, instance 5: expected an object, found a string",
                details.get(5));
        assertEquals("line 8, column 3: relation P1, instance 6: \"tokens\" must be a non-empty list of strings",
                details.get(6));
        assertEquals("line 9, column 3: relation P1, instance 7: token 1 is not a string", details.get(7));
        assertEquals("line 10, column 3: relation P1, instance 8: \"h\" must be [name, wikidata id, [[token positions]]]",
                details.get(8));
        assertEquals("line 13, column 3: relation P1, instance 11: \"h\" position -1 is outside the sentence's 2 tokens",
                details.get(11));
    }

    @Test
    void aByteOrderMarkIsFine() throws IOException {
        Path file = dir.resolve("bom.json");
        Files.write(file, ("\uFEFF{\"P1\": [{\"tokens\": [\"Ā\", \"b\"], \"h\": [\"a\", \"Q1\", [[0]]], "
                + "\"t\": [\"b\", \"Q2\", [[1]]]}]}").getBytes(StandardCharsets.UTF_8));
        FewRelData data = FewRelReader.read(file);
        assertEquals(List.of("Ā", "b"), data.relations().get(0).instances().get(0).tokens());
    }

    @Test
    void relationNamesFileMustHaveTheRightShape() throws IOException {
        Path file = write("pid2name.json", "{\"P1\": [\"one\", \"first\"], \"P2\": \"two\"}");
        assertEquals(file + ": line 1, column 26: P2: expected [name, description]",
                assertThrows(BadInputException.class, () -> RelationNames.read(file)).getMessage());
        Path bad = write("bad-names.json", "{\"P1\": [\"one\",]");
        assertTrue(assertThrows(BadInputException.class, () -> RelationNames.read(bad)).getMessage()
                .startsWith(bad + ": malformed JSON at line 1"));
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
