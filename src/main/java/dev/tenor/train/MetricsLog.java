package dev.tenor.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Appends training events to {@code metrics.jsonl}, one JSON object a line, flushed at once so another
 * process (the workbench) can follow the run live. Also reads such files back.
 */
public final class MetricsLog implements AutoCloseable {

    private final BufferedWriter out;
    private final Consumer<TrainingEvent> listener;

    public MetricsLog(Path file, Consumer<TrainingEvent> listener) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.listener = listener;
    }

    public synchronized void emit(TrainingEvent event) {
        try {
            out.write(line(event));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot append to metrics.jsonl: " + e.getMessage(), e);
        }
        listener.accept(event);
    }

    /** The event as a one-line JSON object. */
    public static String line(TrainingEvent event) {
        try {
            return Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(event.fields());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses one line; null for a blank or partial line (a writer may be mid-line). */
    public static TrainingEvent parse(String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(line);
            if (!n.isObject()) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                m.put(e.getKey(), v.isNumber() ? (Object) v.numberValue() : v.isBoolean() ? v.booleanValue()
                        : v.isNull() ? null : v.isObject() ? Json.MAPPER.convertValue(v, LinkedHashMap.class)
                        : v.asText());
            });
            return new TrainingEvent(m);
        } catch (IOException e) {
            return null;
        }
    }

    /** All events of a metrics file. */
    public static List<TrainingEvent> read(Path file) throws IOException {
        List<TrainingEvent> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            TrainingEvent e = parse(l);
            if (e != null) {
                events.add(e);
            }
        }
        return events;
    }

    /** Drops the events after {@code step} (a resumed run redoes them), atomically. */
    public static void truncateAfter(Path file, int step) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            TrainingEvent e = parse(l);
            if (e == null) {
                continue;
            }
            Object s = e.get("step");
            if (s instanceof Number n && n.intValue() > step) {
                continue;
            }
            kept.append(l).append('\n');
        }
        AtomicFiles.writeString(file, kept.toString());
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
