package dev.tenor.model.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Small generated Hub repositories for the tests: a sentence-transformers model folder and intent datasets. */
public final class HubFixtures {

    public static final int WEIGHTS_SIZE = 300_000;

    private HubFixtures() {
    }

    /**
     * A sentence-transformers BERT folder with every file a pull fetches, plus files it must leave behind
     * (README.md, pytorch_model.bin, onnx/model.onnx). Weights are random bytes: a pull does not parse them.
     */
    public static Path modelFolder(Path dir, boolean withSafetensors) throws IOException {
        Files.createDirectories(dir.resolve("1_Pooling"));
        Files.createDirectories(dir.resolve("onnx"));
        write(dir.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": 8}\n");
        if (withSafetensors) {
            Files.write(dir.resolve("model.safetensors"), random(WEIGHTS_SIZE, 1));
        }
        Files.write(dir.resolve("pytorch_model.bin"), random(50_000, 2));
        Files.write(dir.resolve("onnx/model.onnx"), random(1_000, 3));
        write(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": {\"type\": \"WordPiece\"}}\n");
        write(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": true}\n");
        write(dir.resolve("special_tokens_map.json"), "{\"cls_token\": \"[CLS]\"}\n");
        write(dir.resolve("vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
        write(dir.resolve("modules.json"), """
                [
                  {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                  {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                  {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}
                ]
                """);
        write(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 256, \"do_lower_case\": false}\n");
        write(dir.resolve("config_sentence_transformers.json"), "{\"__version__\": {\"sentence_transformers\": \"2.2.2\"}}\n");
        write(dir.resolve("1_Pooling/config.json"), "{\"word_embedding_dimension\": 8, \"pooling_mode_mean_tokens\": true}\n");
        write(dir.resolve("README.md"), "# a model card\n");
        return dir;
    }

    /** Files a pull must bring, in the repository's layout. */
    public static final String[] PULLED = {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "special_tokens_map.json", "vocab.txt", "modules.json", "sentence_bert_config.json",
        "config_sentence_transformers.json", "1_Pooling/config.json"};

    /** JSON Lines rows like MTEB's: id, text, label (int) and label_text. */
    static String intentLines(String split, int rows) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sb.append("{\"id\": ").append(i).append(", \"text\": \"").append(split).append(" sentence ").append(i)
                    .append(" caf\\u00e9\", \"label\": ").append(i % 3).append(", \"label_text\": \"INTENT_")
                    .append(i % 3).append("\"}\n");
        }
        return sb.toString();
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static void writeGzip(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
