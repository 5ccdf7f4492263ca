package dev.tenor.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** top-k past the index's size would repeat its last column: k is capped at the index size, with a note. */
class KCapTest {

    @Test
    void kIsCappedAtTheIndexSizeWithANote() {
        List<String> notes = new ArrayList<>();
        EvaluationOptions asked = EvaluationOptions.DEFAULT.withMaxK(1000);
        EvaluationOptions used = IntentEvaluation.capK(asked, 300, notes);
        assertEquals(300, used.maxK());
        assertEquals(List.of("k = 1000 is more than the 300 training sentences the index holds; top-k is reported up "
                + "to k = 300."), notes);
        List<String> none = new ArrayList<>();
        assertEquals(3, IntentEvaluation.capK(EvaluationOptions.DEFAULT, 300, none).maxK());
        assertEquals(List.of(), none);
    }
}
