package dev.tenor.cli;

import dev.tenor.io.BadInputException;
import dev.tenor.data.IntentColumns;
import dev.tenor.data.IntentDatasetReader;
import dev.tenor.io.TenorPaths;
import dev.tenor.model.InferenceThreads;
import dev.tenor.model.SentenceEncoder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tenor bench}: speed measurements a user can run on their own machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks. The comparisons against peers (ONNX Runtime) run with",
                "  mvn -Pbenchmark test -Dtest=EncodeBenchmark"},
        subcommands = BenchCommand.Encode.class)
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code tenor bench encode}. */
    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = "Sentences per second encoding a sentence file (default: MTOP English train+test).")
    static final class Encode implements Callable<Integer> {

        private final Interrupts interrupts;

        Encode(Interrupts interrupts) {
            this.interrupts = interrupts;
        }
        @Mixin
        ModelOption model;

        @Option(names = "--input", paramLabel = "FILE", arity = "1..*",
                description = "Intent files (JSON Lines, CSV, TSV with a text column) or plain text files (one sentence a line). "
                        + "Default: ../shared/data/mtop_intent/en/{train,test}.jsonl.")
        List<Path> inputs;

        @Option(names = "--batch-size", defaultValue = "" + SentenceEncoder.DEFAULT_BATCH_SIZE, description = "Default: ${DEFAULT-VALUE}.")
        int batchSize;

        @Option(names = "--limit", defaultValue = "0", description = "Use only the first N sentences (0: all).")
        int limit;

        @Override
        public Integer call() throws IOException {
            List<Path> files = inputs;
            if (files == null || files.isEmpty()) {
                Path dir = TenorPaths.current().sharedData().resolve("mtop_intent/en");
                files = List.of(dir.resolve("train.jsonl"), dir.resolve("test.jsonl"));
            }
            List<String> sentences = new ArrayList<>();
            for (Path f : files) {
                sentences.addAll(readSentences(f));
            }
            if (limit > 0 && sentences.size() > limit) {
                sentences = sentences.subList(0, limit);
            }
            try (SentenceEncoder encoder = SentenceEncoder.open(model.resolve())) {
                encoder.encode(sentences.subList(0, Math.min(64, sentences.size()))); // warm-up
                long t0 = System.nanoTime();
                try (ProgressBar bar = new ProgressBar()) {
                    encoder.encode(sentences, batchSize, bar, interrupts.token());
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("model %s: %d sentences in %.1f s = %.0f sentences/s (batch %d, %d batches at once)%n",
                        encoder.folder().name(), sentences.size(), s, sentences.size() / s, batchSize,
                        InferenceThreads.count());
                System.out.printf("peak resident memory: %d MiB (JVM heap used %d MiB)%n", peakRssMiB(),
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
            }
            return 0;
        }
    }

    /** Sentences from an intent file (JSON Lines, CSV, TSV: its text column) or a plain text file. */
    static List<String> readSentences(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw BadInputException.of(file, "file not found");
        }
        String name = file.getFileName().toString().replaceFirst("\\.gz$", "");
        if (IntentDatasetReader.EXTENSIONS.stream().anyMatch(name::endsWith)) {
            return IntentDatasetReader.readSplit(file, "bench", IntentColumns.DEFAULT).texts();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    /** Peak resident set size of this process (Linux VmHWM), or -1 elsewhere. */
    static long peakRssMiB() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
