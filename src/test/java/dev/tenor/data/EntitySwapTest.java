package dev.tenor.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntitySwapTest {

    private static FewRelEntity span(int start, int end) {
        return new FewRelEntity("", "", start, end);
    }

    @Test
    void spanSwapReplacesTokenRangesOfAnyLengthInEitherOrder() {
        List<String> tokens = List.of("Cape", "Girardeau", "Bridge", "crosses", "the", "Mississippi", ".");
        // head before tail, both replaced by spans of other lengths
        assertEquals(List.of("Albert", "Bridge", "crosses", "the", "River", "Thames", "Estuary", "."),
                EntitySwap.spans(tokens, span(0, 3), List.of("Albert", "Bridge"), span(5, 6),
                        List.of("River", "Thames", "Estuary")));
        // tail before head
        assertEquals(List.of("X", "crosses", "the", "Y", "Z", "."),
                EntitySwap.spans(tokens, span(5, 6), List.of("Y", "Z"), span(0, 3), List.of("X")));
        // adjacent spans
        assertEquals(List.of("a", "b", "c"),
                EntitySwap.spans(List.of("x", "y", "c"), span(0, 1), List.of("a"), span(1, 2), List.of("b")));
    }

    @Test
    void spanSwapRefusesOverlappingSpans() {
        List<String> tokens = List.of("New", "York", "City");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EntitySwap.spans(tokens, span(0, 2), List.of("a"), span(1, 3), List.of("b")));
        assertEquals("head [0, 2) and tail [1, 3) overlap", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EntitySwap.spans(tokens, span(0, 2), List.of("a"), span(0, 2), List.of("b")));
    }

    /** Expected values printed by Python 3.11's str.replace. */
    @Test
    void pythonReplaceMatchesPython() {
        assertEquals("-a-b-c-", EntitySwap.pythonReplace("abc", "", "-"));
        assertEquals("|\uD83D\uDE00|a|", EntitySwap.pythonReplace("\uD83D\uDE00a", "", "|"));
        assertEquals("bb", EntitySwap.pythonReplace("aaaa", "aa", "b"));
        assertEquals("x", EntitySwap.pythonReplace("", "", "x"));
        assertEquals("Most of they theye it", EntitySwap.pythonReplace("Most of us use it", "us", "they"));
    }

    /**
     * The reference's {@code a.replace(h, h2).replace(t, t2)} on crafted sentences, compared with the values
     * Python 3.11 printed for them: the substring bug ("us" inside "use"), every occurrence replaced, a
     * tail found inside the new head, a head found inside the tail.
     */
    @Test
    void stringSwapReproducesTheReference() {
        assertEquals("Most of they theye it in Rome .",
                EntitySwap.strings("Most of us use it in Paris .", "us", "they", "Paris", "Rome"));
        assertEquals("Rome is Rome for Victor Hugo .",
                EntitySwap.strings("Paris is Paris for Hugo .", "Paris", "Rome", "Hugo", "Victor Hugo"));
        assertEquals("Leeds Bridge Company moved to Leeds in 1990 .",
                EntitySwap.strings("Smith moved to London in 1990 .", "Smith", "London Bridge Company",
                        "London", "Leeds"));
        assertEquals("Bath is a city near New Bath Harbor .",
                EntitySwap.strings("York is a city near New York Harbor .", "York", "Bath", "New York Harbor",
                        "Avon"));
    }

    @Test
    void joinAndDetokenize() {
        List<String> tokens = List.of("In", "June", "1987", ",", "the", "four", "-", "lane", "(", "Cape", ")",
                "bridge", " ", "was", "n't", "Bob", "'s", "\"", "best", "\"", "work", ":", "50", "%", ".");
        assertEquals("In June 1987 , the four - lane ( Cape ) bridge   was n't Bob 's \" best \" work : 50 % .",
                Sentences.join(tokens));
        assertEquals("In June 1987, the four-lane (Cape) bridge wasn't Bob's \"best\" work: 50%.",
                Sentences.detokenize(tokens));
        assertEquals("\"Hi\", he said.", Sentences.detokenize(List.of("\"", "Hi", "\"", ",", "he", "said", ".")));
    }
}
