package dev.tenor.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenor.train.TrainOptions;
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
    void defaultsGiveEveryOptionOfTenorTrainWrittenOut() throws Exception {
        Map<String, String> m = form();
        assertEquals(Map.of(), TrainForm.problems(m));
        Path run = dir.resolve("runs/r");
        assertEquals(List.of("--base", "all-MiniLM-L6-v2", "--triplets", dir.resolve("data/triplets.jsonl").toString(),
                "--out", run.toString(), "--recipe", "tenor", "--epochs", "4", "--max-steps", "0", "--batch-size", "32",
                "--max-seq-length", "128", "--lr", "2.0E-5", "--warmup", "0.1", "--weight-decay", "0.01",
                "--max-grad-norm", "1.0", "--margin", "0.5", "--distance", "euclidean", "--loss", "triplet",
                "--scale", "20.0", "--seed", "42", "--checkpoint-every", "500", "--keep", "3", "--device", "cpu",
                "--select", "best", "--validate-every", "0", "--dropout", "0.1", "--merge-alpha", "none"),
                TrainForm.arguments(m, run));
    }

    @Test
    void changedValuesDevBesideTheTripletsAndOverwrite() throws Exception {
        Map<String, String> m = form();
        Files.writeString(dir.resolve("data/dev.jsonl"), "{}\n");
        Files.createDirectories(dir.resolve("atis"));
        m.put("dropout", "0.2");
        m.put("device", "gpu:1");
        m.put("distance", "cosine");
        m.put("groupByLength", "true");
        m.put(TrainForm.OVERWRITE, "true");
        m.put("valDatasets", dir.resolve("data") + " ; " + dir.resolve("atis"));
        List<String> args = TrainForm.arguments(m, dir.resolve("run"));
        assertEquals("0.2", args.get(args.indexOf("--dropout") + 1));
        assertEquals("gpu:1", args.get(args.indexOf("--device") + 1));
        assertEquals("cosine", args.get(args.indexOf("--distance") + 1));
        assertEquals(dir.resolve("data/dev.jsonl").toString(), args.get(args.indexOf("--dev") + 1));
        assertEquals(List.of("--dropout", "0.2", "--val-dataset", dir.resolve("data").toString(), "--val-dataset",
                dir.resolve("atis").toString(), "--merge-alpha", "none", "--group-by-length", "--overwrite"),
                args.subList(args.indexOf("--dropout"), args.size()));
    }

    @Test
    void badValuesAreNamedClearly() throws Exception {
        Map<String, String> m = form();
        m.put("batchSize", "abc");
        m.put("lr", "-1");
        m.put("warmup", "");
        m.put("distance", "chebyshev");
        m.put("valDatasets", dir.resolve("none").toString());
        m.put("triplets", dir.resolve("nothing").toString());
        m.put("base", " ");
        Map<String, String> p = TrainForm.problems(m);
        assertEquals("Batch size: 'abc' is not a whole number", p.get("batchSize"));
        assertEquals("Learning rate: must be between 1e-09 and 1 (got -1.0)", p.get("lr"));
        assertEquals("Warm-up share is required (default 0.1)", p.get("warmup"));
        assertEquals("Distance: 'chebyshev' is not one of euclidean, cosine, manhattan", p.get("distance"));
        assertEquals(dir.resolve("none") + ": no such folder", p.get("valDatasets"));
        assertEquals(dir.resolve("nothing") + ": no such file", p.get("triplets"));
        assertEquals("choose a base model", p.get("base"));
        m.put("out", "bad\u0000name");
        assertEquals("Run folder: 'bad\u0000name' is not a valid path", TrainForm.problems(m).get("out"));
        assertThrows(IllegalArgumentException.class, () -> TrainForm.arguments(m, dir));
        assertNull(TrainForm.problem(TrainOptions.spec("maxSteps"), "0"));
        assertEquals("Validate every: must be between -1 and 10000000 (got -2)",
                TrainForm.problem(TrainOptions.spec("validateEvery"), "-2"));
    }

    @Test
    void resumeContinuesTheRunFolder() {
        assertEquals(List.of("--resume", "/r/checkpoints/step-30", "--device", "cpu"),
                TrainForm.resumeArguments(Path.of("/r/checkpoints/step-30"), "cpu"));
        assertEquals(List.of("--resume", "/r"), TrainForm.resumeArguments(Path.of("/r"), ""));
    }
}
