package dev.tenor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.model.Pooling;
import dev.tenor.model.SentenceSettings;
import dev.tenor.model.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tenor export onnx}: the files it writes, and its refusal to replace a folder unasked. */
class ExportCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheOnnxFolderAndRefusesToOverwriteUnasked() throws Exception {
        Path model = TinyModels.write(tmp.resolve("tiny"), new SentenceSettings(32, Pooling.MEAN, true, ""), 2).dir();
        Path out = tmp.resolve("exported");
        CommandRun first = CommandRun.run("export", "onnx", "--model", model.toString(), "--out", out.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("exported " + model + " to " + out.resolve("model.onnx")), first.err());
        assertTrue(Files.size(out.resolve("model.onnx")) > 4 * 30522 * 32, "the word embeddings alone are that big");
        assertEquals(Files.readString(model.resolve("tokenizer.json")), Files.readString(out.resolve("tokenizer.json")));

        CommandRun again = CommandRun.run("export", "onnx", "--model", model.toString(), "--out", out.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains(out + ": exists; use --overwrite to replace it"), again.err());
        CommandRun replace = CommandRun.run("export", "onnx", "--model", model.toString(), "--out", out.toString(),
                "--overwrite");
        assertEquals(0, replace.code(), replace.err());
    }
}
