package dev.tenor.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tenor.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model's tokenizer as sentence-transformers applies it: the prompt prepended, [CLS]/[SEP] added,
 * truncation at {@code max_seq_length}, no padding (batches pad to their own longest input). Keeps the
 * {@code tokenizer.json} bytes as read, so a model written later carries the same tokenizer even if its
 * source folder is gone (a resumed run's starting checkpoint may be pruned).
 */
public final class SentenceTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final String prompt;
    private final int maxLength;
    private final byte[] json;

    private SentenceTokenizer(HuggingFaceTokenizer tokenizer, String prompt, int maxLength, byte[] json) {
        this.tokenizer = tokenizer;
        this.prompt = prompt;
        this.maxLength = maxLength;
        this.json = json;
    }

    /** Loads {@code file}; a missing or unreadable tokenizer is a {@link BadInputException} naming it. */
    public static SentenceTokenizer open(Path file, String prompt, int maxLength) {
        DjlSetup.init();
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot read the tokenizer (" + e.getMessage() + ")", e);
        }
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(true)
                    .optTruncation(true)
                    .optMaxLength(maxLength)
                    .optPadding(false)
                    .build();
            return new SentenceTokenizer(t, prompt == null ? "" : prompt, maxLength, json);
        } catch (IOException | RuntimeException e) {
            throw BadInputException.of(file, "cannot load the tokenizer (" + e.getMessage() + ")", e);
        }
    }

    /** Tokens read per input, [CLS] and [SEP] included. */
    public int maxLength() {
        return maxLength;
    }

    /** {@code tokenizer.json} as read at open. */
    public byte[] json() {
        return json.clone();
    }

    /** Tokenises with the prompt and truncation; {@link TokenizedText#truncated()} tells what was cut. */
    public List<TokenizedText> tokenize(List<String> texts) {
        List<String> prompted = new ArrayList<>(texts.size());
        for (String t : texts) {
            prompted.add(prompt + t);
        }
        Encoding[] encodings;
        try (NativeWork.Permit ignored = NativeWork.enter()) {
            encodings = tokenizer.batchEncode(prompted);
        }
        List<TokenizedText> out = new ArrayList<>(encodings.length);
        for (Encoding e : encodings) {
            out.add(new TokenizedText(e.getIds(), e.getTypeIds(), Arrays.asList(e.getTokens()), e.exceedMaxLength()));
        }
        return out;
    }

    public TokenizedText tokenize(String text) {
        return tokenize(List.of(text)).get(0);
    }

    /**
     * Tokenises sentences given as words, joined by single spaces, and tells which word each piece came
     * from, by the pieces' character offsets (so it holds whatever the tokenizer's pre-splitting does with
     * punctuation inside a word).
     */
    public List<WordPieces> tokenizeWords(List<List<String>> sentences) {
        List<String> prompted = new ArrayList<>(sentences.size());
        List<int[]> wordStarts = new ArrayList<>(sentences.size());
        for (List<String> words : sentences) {
            StringBuilder text = new StringBuilder(prompt);
            int[] starts = new int[words.size()];
            for (int w = 0; w < words.size(); w++) {
                if (w > 0) {
                    text.append(' ');
                }
                starts[w] = text.length();
                text.append(words.get(w));
            }
            prompted.add(text.toString());
            wordStarts.add(starts);
        }
        Encoding[] encodings;
        try (NativeWork.Permit ignored = NativeWork.enter()) {
            encodings = tokenizer.batchEncode(prompted);
        }
        List<WordPieces> out = new ArrayList<>(encodings.length);
        for (int s = 0; s < encodings.length; s++) {
            Encoding e = encodings[s];
            TokenizedText text = new TokenizedText(e.getIds(), e.getTypeIds(), Arrays.asList(e.getTokens()),
                    e.exceedMaxLength());
            out.add(new WordPieces(text, wordsOf(e, wordStarts.get(s))));
        }
        return out;
    }

    /** For each piece, the last word starting at or before the piece's first character; -1 before word 0. */
    private int[] wordsOf(Encoding e, int[] starts) {
        var spans = e.getCharTokenSpans();
        long[] special = e.getSpecialTokenMask();
        int[] out = new int[e.getIds().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = -1;
            if (spans[i] == null || (special != null && special[i] == 1) || starts.length == 0) {
                continue;
            }
            int at = spans[i].getStart();
            int found = Arrays.binarySearch(starts, at);
            int word = found >= 0 ? found : -found - 2;
            out[i] = at < prompt.length() ? -1 : word;
        }
        return out;
    }

    /** Padded [batch, tokens] id, mask and type arrays for {@code batch}, in {@code mgr}. */
    public static NDList batchInputs(NDManager mgr, List<TokenizedText> batch) {
        int width = 0;
        for (TokenizedText t : batch) {
            width = Math.max(width, t.length());
        }
        long[] ids = new long[batch.size() * width];
        long[] mask = new long[ids.length];
        long[] types = new long[ids.length];
        for (int b = 0; b < batch.size(); b++) {
            TokenizedText t = batch.get(b);
            System.arraycopy(t.ids(), 0, ids, b * width, t.length());
            System.arraycopy(t.typeIds(), 0, types, b * width, t.length());
            Arrays.fill(mask, b * width, b * width + t.length(), 1L);
        }
        Shape shape = new Shape(batch.size(), width);
        return new NDList(mgr.create(ids, shape), mgr.create(mask, shape), mgr.create(types, shape));
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
