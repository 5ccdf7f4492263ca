package dev.tenor.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainFormTest {

    @TempDir
    Path dir;

    private Map<String, String> form() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("triplets.jsonl"), "{}\n");
        Map<String, String> m = new java.util.LinkedHashMap<>(TrainForm.defaults());
        m.put("base", "all-MiniLM-L6-v2");
        m.put("triplets", data.toString());
        m.put("dev", "");
        return m;
    }

    @Test
    void defaultsGiveExactlyTheArgumentsOfTenorTrain() throws Exception {
        Map<String, String> m = form();
        assertEquals(Map.of(), TrainForm.problems(m));
        Path run = dir.resolve("runs/r");
        assertEquals(List.of("--base", "all-MiniLM-L6-v2", "--triplets", dir.resolve("data").toString(), "--out",
                run.toString(), "--epochs", "4", "--max-steps", "0", "--batch-size", "32", "--max-seq-length", "128",
                "--lr", "2e-5", "--warmup", "0.1", "--margin", "0.5", "--seed", "42", "--checkpoint-every", "500",
                "--keep", "3", "--validate-every", "0", "--distance", "euclidean", "--select", "best", "--device",
                "cpu"), TrainForm.arguments(m, run));
    }

    @Test
    void advancedOptionsArePassedOnlyWhenChanged() throws Exception {
        Map<String, String> m = form();
        m.put("dropout", "0.2");
        m.put("weightDecay", "0.010");
        m.put("device", "gpu:1");
        m.put("overwrite", "true");
        m.put("dev", dir.resolve("data/triplets.jsonl").toString());
        List<String> args = TrainForm.arguments(m, dir.resolve("run"));
        assertEquals(List.of("--dropout", "0.2"), args.subList(args.indexOf("--dropout"), args.indexOf("--dropout") + 2));
        assertEquals(-1, args.indexOf("--weight-decay"), "0.010 is the default 0.01");
        assertEquals("gpu:1", args.get(args.indexOf("--device") + 1));
        assertEquals("--overwrite", args.get(args.size() - 1));
        assertEquals(dir.resolve("data/triplets.jsonl").toString(), args.get(args.indexOf("--dev") + 1));
    }

    @Test
    void badValuesAreNamedClearly() throws Exception {
        Map<String, String> m = form();
        m.put("batchSize", "abc");
        m.put("lr", "-1");
        m.put("warmup", "");
        m.put("triplets", dir.resolve("nothing").toString());
        m.put("base", " ");
        Map<String, String> p = TrainForm.problems(m);
        assertEquals("Batch size: 'abc' is not a whole number", p.get("batchSize"));
        assertEquals("Learning rate: must be between 1.00000e-09 and 1", p.get("lr"));
        assertEquals("Warm-up share is required (default 0.1)", p.get("warmup"));
        assertEquals(dir.resolve("nothing") + ": no such file", p.get("triplets"));
        assertEquals("choose a base model", p.get("base"));
        assertThrows(IllegalArgumentException.class, () -> TrainForm.arguments(m, dir));
        assertNull(TrainForm.problem(TrainForm.field("maxSteps"), "0"));
        assertEquals("Validate every: must be between -1 and 10000000",
                TrainForm.problem(TrainForm.field("validateEvery"), "-2"));
    }

    @Test
    void resumeContinuesTheRunFolder() {
        assertEquals(List.of("--resume", "/r", "--device", "cpu"), TrainForm.resumeArguments(Path.of("/r"), "cpu"));
        assertEquals(List.of("--resume", "/r"), TrainForm.resumeArguments(Path.of("/r"), ""));
    }
}
