package dev.tenor.model;

import ai.djl.ndarray.NDManager;
import dev.tenor.model.bert.BertEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/** Builds small random BERT model folders with a real tokenizer, for fast tests. */
public final class TinyModels {

    public static final BertConfig TINY = new BertConfig(30522, 32, 2, 4, 64, 128, 2, 1e-12, "gelu");

    private TinyModels() {
    }

    public static byte[] minilmTokenizer() throws IOException {
        try (InputStream in = TinyModels.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            if (in == null) {
                throw new IllegalStateException("all-minilm-l6-v2-tokenizer.json not on the class path");
            }
            return in.readAllBytes();
        }
    }

    /** Random weights for {@code config}, seeded. */
    public static Map<String, FloatTensor> randomWeights(BertConfig config, long seed) {
        DjlSetup.init();
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager m = NDManager.newBaseManager()) {
            BertEncoder e = new BertEncoder(config);
            e.randomize(m);
            return e.exportWeights();
        }
    }

    /** Writes a tiny random model folder. */
    public static ModelFolder write(Path dir, SentenceSettings settings, long seed) throws IOException {
        return write(dir, TINY, settings, seed);
    }

    /** Writes a random model folder of {@code config}. */
    public static ModelFolder write(Path dir, BertConfig config, SentenceSettings settings, long seed)
            throws IOException {
        return ModelFolder.write(dir, new ModelFolder.Contents(config, settings, randomWeights(config, seed),
                minilmTokenizer(), null, Map.of("source", "test")));
    }
}
