package dev.tenor.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.CancelledException;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TripletBuilderTest {

    @TempDir
    Path dir;

    private static final TripletOptions NO_DEV = TripletOptions.defaults().withDevFraction(0);

    /** An instance from a sentence; head and tail are half-open token ranges. */
    private static FewRelInstance inst(int index, String sentence, int hs, int he, int ts, int te) {
        return new FewRelInstance(index, Arrays.asList(sentence.split(" ")), new FewRelEntity("h", "", hs, he),
                new FewRelEntity("t", "", ts, te));
    }

    private static FewRelData data(FewRelRelation... relations) {
        return new FewRelData(Path.of("crafted.json"), "00", 0, List.of(relations));
    }

    private static FewRelRelation relation(String id, FewRelInstance... instances) {
        return new FewRelRelation(id, instances.length, List.of(instances), List.of());
    }

    private static TripletSet build(TripletOptions options, FewRelData data) {
        return new TripletBuilder(options).build(data, RelationNames.NONE, ProgressListener.NONE,
                CancellationToken.NONE);
    }

    /** Two instances a relation: each is the other's only partner, whatever the seed. */
    private static FewRelData crafted() {
        return data(
                relation("SUBSTRING", inst(0, "Most of us use it in Paris .", 2, 3, 6, 7),
                        inst(1, "Rome is where they live .", 3, 4, 0, 1)),
                relation("REPEATED", inst(0, "Paris is Paris for Hugo .", 0, 1, 4, 5),
                        inst(1, "Victor Hugo loved Rome .", 3, 4, 0, 2)),
                relation("CHAINED", inst(0, "Smith moved to London in 1990 .", 0, 1, 3, 4),
                        inst(1, "The London Bridge Company is based in Leeds .", 1, 4, 7, 8)),
                relation("HEAD_IN_TAIL", inst(0, "York is a city near New York Harbor .", 0, 1, 5, 8),
                        inst(1, "Bath lies on the Avon .", 0, 1, 4, 5)));
    }

    /** The anchor-0 triplet of each crafted relation as (positive, negative). */
    private static List<List<String>> firstPairs(TripletSet set) {
        return set.triplets().stream().filter(t -> t.anchorIndex() == 0)
                .map(t -> List.of(t.positive(), t.negative())).toList();
    }

    @Test
    void stringModeReproducesTheReferenceOnCraftedCases() {
        TripletSet set = build(NO_DEV.withSwap(SwapMode.STRING), crafted());
        assertEquals(8, set.triplets().size());
        // Values printed by Python 3.11 for a.replace(a_h, b_h).replace(a_t, b_t) and b.replace(b_h, a_h)...
        assertEquals(List.of(
                List.of("Most of they theye it in Rome .", "Paris is where us live ."),
                List.of("Rome is Rome for Victor Hugo .", "Hugo loved Paris ."),
                List.of("Leeds Bridge Company moved to Leeds in 1990 .", "The Smith is based in London ."),
                List.of("Bath is a city near New Bath Harbor .", "York lies on the New York Harbor .")),
                firstPairs(set));
        // The mirror triplet (anchor 1) swaps the roles: its positive is the other's negative.
        Triplet mirror = set.triplets().get(1);
        assertEquals(List.of("Paris is where us live .", "Most of they theye it in Rome .", 1, 0),
                List.of(mirror.positive(), mirror.negative(), mirror.anchorIndex(), mirror.otherIndex()));
    }

    @Test
    void spanModeDoesNotHaveTheReferenceBugs() {
        TripletSet set = build(NO_DEV, crafted());
        assertEquals(List.of(
                List.of("Most of they use it in Rome .", "Paris is where us live ."),
                List.of("Rome is Paris for Victor Hugo .", "Hugo loved Paris ."),
                List.of("London Bridge Company moved to Leeds in 1990 .", "The Smith is based in London ."),
                List.of("Bath is a city near Avon .", "York lies on the New York Harbor .")),
                firstPairs(set));
        Triplet t = set.triplets().get(0);
        assertEquals(new Triplet("Most of us use it in Paris .", "Most of they use it in Rome .",
                "Paris is where us live .", "SUBSTRING", "", 0, 1), t);
    }

    @Test
    void overlappingAndIdenticalSpansAreSkippedAndCounted() {
        FewRelData data = data(relation("P1",
                inst(0, "New York City is big .", 0, 2, 1, 3),   // overlap
                inst(1, "Paris is in France .", 0, 1, 0, 1),     // identical
                inst(2, "Lyon is in France .", 0, 1, 3, 4),
                inst(3, "Nice is in France too .", 0, 1, 3, 4)));
        TripletSet set = build(NO_DEV, data);
        RelationStats stats = set.stats().relations().get(0);
        assertEquals(Map.of(SkipReason.OVERLAPPING_SPANS, 1, SkipReason.IDENTICAL_SPANS, 1), stats.skipped());
        assertEquals(2, stats.triplets());
        assertEquals(List.of(2, 3), set.triplets().stream().map(Triplet::anchorIndex).toList());
        assertEquals(List.of(3, 2), set.triplets().stream().map(Triplet::otherIndex).toList());
    }

    @Test
    void relationsWithFewerThanTwoDistinctSentencesAreSkippedAndReported() throws IOException {
        FewRelData data = data(
                relation("ONE", inst(0, "A met B .", 0, 1, 2, 3)),
                relation("SAME", inst(0, "A met B .", 0, 1, 2, 3), inst(1, "A met B .", 0, 1, 2, 3),
                        inst(2, "A met B .", 0, 1, 2, 3)),
                relation("EMPTY"),
                relation("OK", inst(0, "A met B .", 0, 1, 2, 3), inst(1, "C met D .", 0, 1, 2, 3),
                        inst(2, "C met D .", 0, 1, 2, 3)));
        TripletSet set = build(NO_DEV, data);
        DatasetStats stats = set.stats();
        assertEquals(List.of("ONE", "SAME", "EMPTY"), stats.skippedRelations());
        assertEquals(Map.of(SkipReason.RELATION_TOO_SMALL, 4), stats.skippedByReason());
        // In OK, the two copies of "C met D ." can only pair with "A met B .".
        assertEquals(List.of(List.of(0, 1), List.of(1, 0), List.of(2, 0)), set.triplets().stream()
                .map(t -> List.of(t.anchorIndex(), t.otherIndex())).toList());
        assertEquals(3, stats.triplets());
        assertEquals(7, stats.instances());

        FewRelData hopeless = data(relation("ONE", inst(0, "A met B .", 0, 1, 2, 3)));
        Path out = dir.resolve("out");
        BadInputException e = assertThrows(BadInputException.class, () -> TripletDataset.write(out,
                build(NO_DEV, hopeless), ProgressListener.NONE, CancellationToken.NONE));
        assertEquals(Path.of("crafted.json").toAbsolutePath() + ": no triplet could be built (1 instances, skipped: 1 relation_too_small)",
                e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void devSplitHoldsOutInstancesPairedOnlyAmongThemselves() {
        List<FewRelInstance> instances = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            instances.add(inst(i, "E" + i + " relates to F" + i + " .", 0, 1, 3, 4));
        }
        FewRelData data = data(new FewRelRelation("P1", 40, instances, List.of()));
        TripletSet set = build(TripletOptions.defaults().withDevFraction(0.1), data);
        assertEquals(36, set.triplets().size());
        assertEquals(4, set.dev().size());
        List<Integer> devAnchors = set.dev().stream().map(Triplet::anchorIndex).toList();
        set.dev().forEach(t -> assertTrue(devAnchors.contains(t.otherIndex()), t.toString()));
        set.triplets().forEach(t -> assertFalse(devAnchors.contains(t.otherIndex()), t.toString()));
        set.triplets().forEach(t -> assertFalse(devAnchors.contains(t.anchorIndex()), t.toString()));

        // 5% of 20 is one instance, which could not be paired: no dev split then.
        TripletSet small = build(TripletOptions.defaults(), new FewRelData(Path.of("x"), "00", 0,
                List.of(new FewRelRelation("P1", 20, instances.subList(0, 20), List.of()))));
        assertEquals(List.of(20, 0), List.of(small.triplets().size(), small.dev().size()));
    }

    /** FewRel repeats some sentences within a relation: a repeated sentence must never be in both splits. */
    @Test
    void aSentenceThatOccursTwiceLandsInOneSplitOnly() {
        List<FewRelInstance> instances = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // every sentence twice, with other entity spans
            int k = i / 2;
            instances.add(i % 2 == 0 ? inst(i, "E" + k + " relates to F" + k + " .", 0, 1, 3, 4)
                    : inst(i, "E" + k + " relates to F" + k + " .", 3, 4, 0, 1));
        }
        FewRelData data = data(new FewRelRelation("P1", 40, instances, List.of()));
        for (long k = 1; k <= 30; k++) {
            long seed = k;
            TripletSet set = build(TripletOptions.defaults().withDevFraction(0.25).withSeed(seed), data);
            java.util.Set<String> devSentences = new java.util.HashSet<>();
            set.dev().forEach(t -> devSentences.add(t.anchor()));
            set.triplets().forEach(t -> assertFalse(devSentences.contains(t.anchor()), "seed " + seed + ": " + t));
            assertEquals(10, set.dev().size(), "seed " + seed + ": five sentences, both of their instances");
            assertEquals(30, set.triplets().size());
        }
    }

    @Test
    void capKeepsASeededSubsetAndCountsTheRest() {
        List<FewRelInstance> instances = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            instances.add(inst(i, "E" + i + " relates to F" + i + " .", 0, 1, 3, 4));
        }
        FewRelData data = data(new FewRelRelation("P1", 50, instances, List.of()));
        TripletSet set = build(NO_DEV.withMaxPerRelation(10), data);
        assertEquals(10, set.triplets().size());
        assertEquals(Map.of(SkipReason.OVER_CAP, 40), set.stats().skippedByReason());
        List<Integer> anchors = set.triplets().stream().map(Triplet::anchorIndex).toList();
        assertEquals(anchors.stream().sorted().toList(), anchors);
        set.triplets().forEach(t -> assertTrue(anchors.contains(t.otherIndex())));
        assertNotEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), anchors); // a random subset, not the first ten
        assertEquals(anchors, build(NO_DEV.withMaxPerRelation(10), data).triplets().stream()
                .map(Triplet::anchorIndex).toList());
    }

    @Test
    void invalidEntriesOfTheFileAreCountedWithTheirReasons() throws IOException {
        Path file = dir.resolve("in.json");
        Files.writeString(file, """
                {"P1": [
                  {"tokens": ["A", "met", "B"], "h": ["a", "", [[0]]], "t": ["b", "", [[2]]]},
                  {"tokens": ["A", "met", "B"], "h": ["a", "", [[0]]], "t": ["b", "", [[7]]]},
                  {"tokens": ["C", "met", "D"], "h": ["c", "", [[0]]]},
                  {"tokens": ["C", "met", "D"], "h": ["c", "", [[0]]], "t": ["d", "", [[2]]]}
                ]}
                """);
        Path out = dir.resolve("out");
        BuildResult result = new TripletBuilder(NO_DEV).buildFolder(file, null, out, ProgressListener.NONE,
                CancellationToken.NONE);
        DatasetStats stats = result.summary();
        assertEquals(Map.of(SkipReason.SPAN_OUT_OF_RANGE, 1, SkipReason.MISSING_ENTITY, 1),
                stats.skippedByReason());
        assertEquals(List.of(2, 2), List.of(stats.triplets(), stats.problemCount()));
        List<Triplet> written = TripletFile.read(result.triplets());
        assertEquals(written, TripletDataset.readTriplets(out));
        assertEquals(written, TripletDataset.readTriplets(result.triplets()));
        assertEquals(List.of(), TripletDataset.readDev(out));
        assertEquals(List.of(List.of(0, 3), List.of(3, 0)), written.stream()
                .map(t -> List.of(t.anchorIndex(), t.otherIndex())).toList());
        assertNull(result.dev());
        assertFalse(Files.exists(out.resolve(TripletDataset.DEV)));

        JsonNode json = Json.read(result.stats());
        assertEquals(2, json.at("/problem_count").asInt());
        assertEquals("line 3, column 3: relation P1, instance 1: \"t\" position 7 is outside the sentence's 3 tokens",
                json.at("/problems/0").asText());
        assertEquals(1, json.at("/relations/P1/skipped_by_reason/missing_entity").asInt());
        assertEquals(1, json.at("/counts/skipped_by_reason/span_out_of_range").asInt());
        assertEquals(4, json.at("/relations/P1/instances").asInt());
        assertEquals(3.0, json.at("/relations/P1/averages/sentence_tokens").asDouble(), 1e-9);
        assertEquals(7.0, json.at("/averages/anchor_chars").asDouble(), 1e-9);
    }

    @Test
    void cancelLeavesNoOutputAndKeepsAnEarlierDataset() throws IOException {
        Path file = dir.resolve("in.json");
        StringBuilder json = new StringBuilder("{\"P1\": [");
        for (int i = 0; i < 3000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"tokens\": [\"E").append(i)
                    .append("\", \"met\", \"F\"], \"h\": [\"e\", \"\", [[0]]], \"t\": [\"f\", \"\", [[2]]]}");
        }
        Files.writeString(file, json.append("]}"));
        Path parent = Files.createDirectory(dir.resolve("datasets"));
        Path out = parent.resolve("fewrel");

        for (String stage : List.of("reading", "pairing", "writing")) {
            CancellationToken cancel = new CancellationToken();
            ProgressListener stopper = (done, total, message) -> {
                if (message.startsWith(stage)) {
                    cancel.cancel();
                }
            };
            assertThrows(CancelledException.class, () -> new TripletBuilder(TripletOptions.defaults())
                    .buildFolder(file, null, out, stopper, cancel), stage);
            try (Stream<Path> left = Files.list(parent)) {
                assertEquals(List.of(), left.toList(), stage);
            }
        }

        BuildResult first = new TripletBuilder(TripletOptions.defaults()).buildFolder(file, null, out,
                ProgressListener.NONE, CancellationToken.NONE);
        byte[] before = Files.readAllBytes(first.triplets());
        CancellationToken cancel = new CancellationToken();
        assertThrows(CancelledException.class, () -> new TripletBuilder(TripletOptions.defaults().withSeed(7))
                .buildFolder(file, null, out, (d, t, m) -> {
                    if (m.startsWith("writing dev")) {
                        cancel.cancel();
                    }
                }, cancel));
        assertTrue(Arrays.equals(before, Files.readAllBytes(first.triplets())));
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(List.of(out), left.toList());
        }
    }

    @Test
    void progressRunsFromZeroToOneThousandWithoutGoingBack() throws IOException {
        Path file = dir.resolve("in.json");
        Files.writeString(file, "{\"P1\": [{\"tokens\": [\"A\", \"met\", \"B\"], \"h\": [\"a\", \"\", [[0]]], "
                + "\"t\": [\"b\", \"\", [[2]]]}, {\"tokens\": [\"C\", \"met\", \"D\"], \"h\": [\"c\", \"\", [[0]]], "
                + "\"t\": [\"d\", \"\", [[2]]]}]}");
        List<long[]> seen = new ArrayList<>();
        new TripletBuilder(TripletOptions.defaults()).buildFolder(file, null, dir.resolve("out"),
                (done, total, message) -> seen.add(new long[] {done, total}), CancellationToken.NONE);
        assertEquals(1000, seen.get(seen.size() - 1)[0]);
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(1000, seen.get(i)[1]);
            assertTrue(i == 0 || seen.get(i)[0] >= seen.get(i - 1)[0]);
        }
    }

    @Test
    void outputFolderWithOtherFilesIsRefused() throws IOException {
        Path out = Files.createDirectory(dir.resolve("home"));
        Files.writeString(out.resolve("notes.txt"), "keep me");
        BadInputException e = assertThrows(BadInputException.class, () -> new TripletBuilder(NO_DEV)
                .buildFolder(dir.resolve("missing.json"), null, out, ProgressListener.NONE, CancellationToken.NONE));
        assertEquals(out + ": holds other files (notes.txt); the dataset replaces the whole folder, so give a new "
                + "or empty folder", e.getMessage());
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> TripletOptions.defaults().withDevFraction(0.6));
        assertThrows(IllegalArgumentException.class, () -> TripletOptions.defaults().withDevFraction(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> TripletOptions.defaults().withMaxPerRelation(-1));
        assertEquals(new TripletOptions(42, 0.05, SwapMode.SPAN, 0, false), TripletOptions.defaults());
    }
}
