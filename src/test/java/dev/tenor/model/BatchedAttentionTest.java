package dev.tenor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attention of padded batches against one sentence at a time; word pieces mapped back to their words. */
class BatchedAttentionTest {

    @TempDir
    Path dir;

    @Test
    void batchedAttentionEqualsOneSentenceAtATime() throws IOException {
        ModelFolder folder = TinyModels.write(dir.resolve("m"), new SentenceSettings(64, Pooling.MEAN, true, ""), 3);
        List<String> texts = List.of("short", "a somewhat longer sentence about paying with a phone",
                "medium length here", "the longest of them all, with commas, and more words than the others");
        try (SentenceEncoder e = SentenceEncoder.open(folder)) {
            List<TokenizedText> tokens = e.tokenize(texts);
            TokenAttention[] batched = new TokenAttention[texts.size()];
            e.attention(tokens, 3, (i, a) -> batched[i] = a, ProgressListener.NONE, CancellationToken.NONE);
            for (int i = 0; i < texts.size(); i++) {
                TokenAttention one = e.attention(texts.get(i));
                assertEquals(one.tokens(), batched[i].tokens());
                for (int l = 0; l < one.layers(); l++) {
                    for (int h = 0; h < one.heads(); h++) {
                        for (int r = 0; r < one.tokens().size(); r++) {
                            assertArrayEquals(one.probabilities()[l][h][r], batched[i].probabilities()[l][h][r], 1e-5f,
                                    "sentence " + i + " layer " + l + " head " + h + " row " + r);
                        }
                    }
                }
            }
        }
    }

    @Test
    void wordPiecesKnowTheirWords() throws IOException {
        ModelFolder folder = TinyModels.write(dir.resolve("w"), new SentenceSettings(8, Pooling.MEAN, true, ""), 3);
        try (SentenceEncoder e = SentenceEncoder.open(folder)) {
            List<WordPieces> out = e.tokenizeWords(List.of(
                    List.of("Cape", "Girardeau", "U.S.-based", "bridge"),
                    List.of("one", "two", "three", "four", "five", "six", "seven", "eight")));
            WordPieces a = out.get(0);
            assertEquals(List.of("[CLS]", "cape", "gi", "##rard", "##eau", "u", ".", "[SEP]"), a.text().tokens());
            // max length 8: [CLS] + 6 pieces + [SEP]
            assertArrayEquals(new int[] {-1, 0, 1, 1, 1, 2, 2, -1}, a.wordOfToken());
            assertArrayEquals(new int[] {2, 3, 4}, a.tokensOfWords(1, 2));
            assertArrayEquals(new int[0], a.tokensOfWords(3, 4), "truncation cut the last word");
            assertArrayEquals(new int[] {-1, 0, 1, 2, 3, 4, 5, -1}, out.get(1).wordOfToken());
        }
    }
}
