package dev.tenor.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.Json;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder on the real FewRel files: counts, determinism, and the triplet properties over every triplet. */
class FewRelTripletsTest {

    private static FewRelData val;
    private static RelationNames names;
    private static TripletSet span42;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildValidation() {
        val = FewRelReader.read(FewRelFiles.val());
        names = RelationNames.read(FewRelFiles.pid2name());
        span42 = build(TripletOptions.defaults(), val);
    }

    private static TripletSet build(TripletOptions options, FewRelData data) {
        return new TripletBuilder(options).build(data, names, ProgressListener.NONE, CancellationToken.NONE);
    }

    @Test
    void validationFileGivesOneTripletPerInstance() {
        DatasetStats stats = span42.stats();
        assertEquals(11_200, stats.instances());
        assertEquals(Map.of(), stats.skippedByReason()); // val_wiki has no overlapping spans or lone sentences
        assertEquals(10_640, span42.triplets().size());
        assertEquals(560, span42.dev().size());
        assertEquals(11_200, stats.triplets() + stats.devTriplets() + stats.skipped());
        for (RelationStats r : stats.relations()) {
            assertEquals(List.of(700, 665, 35), List.of(r.instances(), r.triplets(), r.devTriplets()), r.relation());
            assertEquals(names.name(r.relation()), r.name());
            assertFalse(r.name().isEmpty(), r.relation());
        }
        assertEquals(24.84, stats.averages().sentenceTokens(), 0.005);
    }

    @Test
    void everyValidationTripletHasTheSwapProperties() {
        assertSwapProperties(val, span42);
    }

    @Test
    void everyPartialTrainingTripletHasTheSwapPropertiesAndStatsAccountForEveryInstance() {
        FewRelData train = FewRelReader.read(FewRelFiles.trainPartial());
        TripletSet set = build(TripletOptions.defaults(), train);
        assertSwapProperties(train, set);

        DatasetStats stats = set.stats();
        JsonNode perRelation = Json.read(FewRelFiles.existing("train_wiki_partial.stats.json")).get("per_relation");
        assertEquals(64, stats.relations().size());
        for (RelationStats r : stats.relations()) {
            assertEquals(perRelation.get(r.relation()).asInt(), r.instances(), r.relation());
            assertEquals(r.instances(), r.triplets() + r.devTriplets() + r.skippedCount(), r.relation());
        }
        assertEquals(40_761, stats.instances());
        // 35 instances have overlapping head and tail (counted independently with Python); seed 42 leaves no
        // dev anchor without a partner of a different sentence.
        assertEquals(Map.of(SkipReason.OVERLAPPING_SPANS, 35), stats.skippedByReason());
        assertEquals(40_761 - 35, stats.triplets() + stats.devTriplets());
        // round(5% of each relation's usable instances), rounded up to whole sentences: a sentence that occurs
        // twice is held out with all its copies, which adds 2 here.
        assertEquals(2_039, stats.devTriplets());
        assertEquals(List.of(), stats.skippedRelations());
    }

    @Test
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedAnotherPairing() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        for (Path out : List.of(a, b)) {
            new TripletBuilder(TripletOptions.defaults()).buildFolder(FewRelFiles.val(), FewRelFiles.pid2name(), out,
                    ProgressListener.NONE, CancellationToken.NONE);
        }
        for (String name : List.of(TripletDataset.TRIPLETS, TripletDataset.DEV, TripletDataset.STATS)) {
            assertEquals(-1, Files.mismatch(a.resolve(name), b.resolve(name)), name);
        }
        assertEquals(span42.triplets(), TripletFile.read(a.resolve(TripletDataset.TRIPLETS)));
        assertEquals(span42.dev(), TripletFile.read(a.resolve(TripletDataset.DEV)));

        TripletSet other = build(TripletOptions.defaults().withSeed(43), val);
        Map<String, Integer> partners = partners(span42.triplets());
        int common = 0;
        int same = 0;
        for (Map.Entry<String, Integer> e : partners(other.triplets()).entrySet()) {
            Integer before = partners.get(e.getKey());
            if (before != null) {
                common++;
                same += before.equals(e.getValue()) ? 1 : 0;
            }
        }
        assertTrue(common > 9_000, "anchors in training with both seeds: " + common);
        assertTrue(same < common / 100, same + " of " + common + " anchors kept their partner");
        assertNotEquals(anchors(span42.dev()), anchors(other.dev()));
    }

    @Test
    void stringModeUsesTheSamePairingAndDiffersOnlyWhereStrReplaceHasSideEffects() {
        TripletSet strings = build(TripletOptions.defaults().withSwap(SwapMode.STRING), val);
        List<Triplet> spanAll = concat(span42);
        List<Triplet> stringAll = concat(strings);
        assertEquals(spanAll.size(), stringAll.size());
        Map<String, FewRelInstance> byKey = index(val);
        int sideEffects = 0;
        int differ = 0;
        for (int i = 0; i < spanAll.size(); i++) {
            Triplet s = spanAll.get(i);
            Triplet r = stringAll.get(i);
            assertEquals(List.of(s.anchor(), s.relation(), s.anchorIndex(), s.otherIndex()),
                    List.of(r.anchor(), r.relation(), r.anchorIndex(), r.otherIndex()));
            FewRelInstance a = byKey.get(s.relation() + "/" + s.anchorIndex());
            FewRelInstance b = byKey.get(s.relation() + "/" + s.otherIndex());
            boolean clean = occursOnce(a, b) && occursOnce(b, a);
            sideEffects += clean ? 0 : 1;
            boolean equal = s.positive().equals(r.positive()) && s.negative().equals(r.negative());
            differ += equal ? 0 : 1;
            if (clean) {
                assertTrue(equal, "no side effect expected: " + s + " vs " + r);
            }
        }
        // Where the entity texts occur once, str.replace is a span swap; elsewhere it mostly is not.
        assertTrue(differ > 0 && differ <= sideEffects, differ + " differ, " + sideEffects + " with side effects");
        System.out.printf("val_wiki string vs span: %d of %d triplets differ; %d have repeated entity text%n",
                differ, spanAll.size(), sideEffects);
    }

    @Test
    void capAndDetokenizeOnTheValidationFile() {
        TripletSet capped = build(TripletOptions.defaults().withMaxPerRelation(100).withDetokenize(true), val);
        for (RelationStats r : capped.stats().relations()) {
            // P2094's held-out share includes both copies of a sentence that occurs twice (split by sentence).
            List<Integer> expected = r.relation().equals("P2094") ? List.of(94, 6, 600) : List.of(95, 5, 600);
            assertEquals(expected, List.of(r.triplets(), r.devTriplets(), r.skippedCount()), r.relation());
            assertEquals(Map.of(SkipReason.OVER_CAP, 600), r.skipped());
        }
        Triplet first = capped.triplets().stream().filter(t -> t.relation().equals("P177")).findFirst().orElseThrow();
        FewRelInstance a = index(val).get("P177/" + first.anchorIndex());
        assertEquals(Sentences.detokenize(a.tokens()), first.anchor());
        assertFalse(capped.triplets().stream().anyMatch(t -> t.anchor().contains(" ,") || t.anchor().contains("  ")));
    }

    /** Checks, for every triplet, what the positive and negative must keep and must take. */
    private static void assertSwapProperties(FewRelData data, TripletSet set) {
        Map<String, FewRelInstance> byKey = index(data);
        Set<String> anchorsSeen = new HashSet<>();
        Set<String> devKeys = new HashSet<>();
        set.dev().forEach(t -> devKeys.add(t.relation() + "/" + t.anchorIndex()));
        int checked = 0;
        for (Triplet t : concat(set)) {
            String aKey = t.relation() + "/" + t.anchorIndex();
            String bKey = t.relation() + "/" + t.otherIndex();
            FewRelInstance a = byKey.get(aKey);
            FewRelInstance b = byKey.get(bKey);
            assertTrue(anchorsSeen.add(aKey), "anchor used twice: " + aKey);
            assertEquals(devKeys.contains(aKey), devKeys.contains(bKey), "pair crosses the dev split: " + t);
            assertEquals(names.name(t.relation()), t.relationName());
            assertEquals(String.join(" ", a.tokens()), t.anchor());
            assertNotEquals(String.join(" ", a.tokens()), String.join(" ", b.tokens()));

            // positive = a outside its spans, with b's entities in them; negative = b outside, with a's
            assertEquals(swapped(a, b), t.positive(), t.toString());
            assertEquals(swapped(b, a), t.negative(), t.toString());
            assertKeeps(t.positive(), a.tokens(), a.head(), a.tail());
            assertKeeps(t.negative(), b.tokens(), b.head(), b.tail());
            assertTrue(t.positive().contains(String.join(" ", b.headTokens())));
            assertTrue(t.positive().contains(String.join(" ", b.tailTokens())));
            assertTrue(t.negative().contains(String.join(" ", a.headTokens())));
            assertTrue(t.negative().contains(String.join(" ", a.tailTokens())));
            checked++;
        }
        assertEquals(set.stats().triplets() + set.stats().devTriplets(), checked);
    }

    /** {@code into}'s tokens with its head span holding {@code from}'s head tokens and its tail span the tail's. */
    private static String swapped(FewRelInstance into, FewRelInstance from) {
        boolean headFirst = into.head().start() < into.tail().start();
        FewRelEntity first = headFirst ? into.head() : into.tail();
        FewRelEntity second = headFirst ? into.tail() : into.head();
        List<String> out = new ArrayList<>(into.tokens().subList(0, first.start()));
        out.addAll(headFirst ? from.headTokens() : from.tailTokens());
        out.addAll(into.tokens().subList(first.end(), second.start()));
        out.addAll(headFirst ? from.tailTokens() : from.headTokens());
        out.addAll(into.tokens().subList(second.end(), into.tokens().size()));
        return String.join(" ", out);
    }

    /** The text before, between and after the two spans is in {@code sentence}, in place. */
    private static void assertKeeps(String sentence, List<String> tokens, FewRelEntity x, FewRelEntity y) {
        FewRelEntity first = x.start() < y.start() ? x : y;
        FewRelEntity second = first == x ? y : x;
        String before = String.join(" ", tokens.subList(0, first.start()));
        String between = String.join(" ", tokens.subList(first.end(), second.start()));
        String after = String.join(" ", tokens.subList(second.end(), tokens.size()));
        assertTrue(sentence.startsWith(before), sentence);
        assertTrue(sentence.endsWith(after), sentence);
        int from = before.length();
        assertTrue(sentence.indexOf(between, from) >= 0, sentence);
    }

    /** True when str.replace puts {@code from}'s entities into {@code into} exactly where its spans are. */
    private static boolean occursOnce(FewRelInstance into, FewRelInstance from) {
        String sentence = String.join(" ", into.tokens());
        String oldHead = String.join(" ", into.headTokens());
        String oldTail = String.join(" ", into.tailTokens());
        String afterHead = EntitySwap.pythonReplace(sentence, oldHead, String.join(" ", from.headTokens()));
        return sentence.indexOf(oldHead) == sentence.lastIndexOf(oldHead)
                && afterHead.indexOf(oldTail) == afterHead.lastIndexOf(oldTail);
    }

    private static Map<String, FewRelInstance> index(FewRelData data) {
        Map<String, FewRelInstance> byKey = new HashMap<>();
        data.relations().forEach(r -> r.instances().forEach(i -> byKey.put(r.id() + "/" + i.index(), i)));
        return byKey;
    }

    private static Map<String, Integer> partners(List<Triplet> triplets) {
        Map<String, Integer> map = new HashMap<>();
        triplets.forEach(t -> map.put(t.relation() + "/" + t.anchorIndex(), t.otherIndex()));
        return map;
    }

    private static Set<String> anchors(List<Triplet> triplets) {
        return partners(triplets).keySet();
    }

    private static List<Triplet> concat(TripletSet set) {
        return Stream.concat(set.triplets().stream(), set.dev().stream()).toList();
    }
}
