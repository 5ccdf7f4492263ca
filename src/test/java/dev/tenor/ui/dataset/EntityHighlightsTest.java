package dev.tenor.ui.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenor.ui.dataset.EntityHighlights.Role;
import dev.tenor.ui.dataset.EntityHighlights.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityHighlightsTest {

    @Test
    void findsWholeWordOccurrencesOfBothEntitiesInOrder() {
        String s = "Rome is the capital of Italy , and Rome is old .";
        assertEquals(List.of(new Span(0, 4, Role.HEAD), new Span(23, 28, Role.TAIL), new Span(35, 39, Role.HEAD)),
                EntityHighlights.find(s, "Rome", "Italy"));
    }

    @Test
    void ignoresPartsOfWordsAndBlankEntities() {
        assertEquals(List.of(new Span(9, 11, Role.TAIL)), EntityHighlights.find("we use a US map", "  ", "US"));
        assertEquals(List.of(), EntityHighlights.find("a house", "us", "hous"));
    }

    @Test
    void theLongerOfOverlappingEntitiesWins() {
        assertEquals(List.of(new Span(0, 13, Role.TAIL)),
                EntityHighlights.find("New York City is big", "New York", "New York City"));
        assertEquals(List.of(new Span(0, 8, Role.HEAD), new Span(13, 19, Role.TAIL)),
                EntityHighlights.find("New York and Albany", "New York", "Albany"));
    }
}
