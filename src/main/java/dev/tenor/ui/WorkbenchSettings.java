package dev.tenor.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the workbench remembers between runs (last folders, chosen models, theme, form values), kept as
 * {@code settings.json} in the Tenor home and written atomically. A settings file that cannot be read is
 * set aside with a message, never a reason not to start. Thread-safe.
 */
public final class WorkbenchSettings {

    private final Path file;
    private final ObjectNode values;
    private final String problem;
    private boolean dirty;
    private Runnable onChange = () -> { };

    private WorkbenchSettings(Path file, ObjectNode values, String problem) {
        this.file = file;
        this.values = values;
        this.problem = problem;
    }

    /** Reads {@code file}; a missing file gives empty settings, a broken one empty settings and {@link #problem()}. */
    public static WorkbenchSettings load(Path file) {
        if (!Files.exists(file)) {
            return new WorkbenchSettings(file, Json.MAPPER.createObjectNode(), null);
        }
        try {
            JsonNode node = Json.read(file);
            if (node instanceof ObjectNode o) {
                return new WorkbenchSettings(file, o, null);
            }
            return new WorkbenchSettings(file, Json.MAPPER.createObjectNode(),
                    file + ": not a JSON object; starting with default settings");
        } catch (BadInputException e) {
            return new WorkbenchSettings(file, Json.MAPPER.createObjectNode(),
                    e.getMessage() + "; starting with default settings");
        }
    }

    /** Settings that are never saved (tests). */
    public static WorkbenchSettings inMemory() {
        return new WorkbenchSettings(null, Json.MAPPER.createObjectNode(), null);
    }

    /** Called after each change (the workbench schedules a save). */
    public synchronized void setOnChange(Runnable onChange) {
        this.onChange = onChange;
    }

    private void changed() {
        dirty = true;
        onChange.run();
    }

    public Path file() {
        return file;
    }

    /** Why the file could not be read, or null. */
    public String problem() {
        return problem;
    }

    public synchronized String get(String key, String fallback) {
        JsonNode v = values.get(key);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    public synchronized int getInt(String key, int fallback) {
        JsonNode v = values.get(key);
        return v != null && v.canConvertToInt() ? v.asInt() : fallback;
    }

    public synchronized double getDouble(String key, double fallback) {
        JsonNode v = values.get(key);
        return v != null && v.isNumber() ? v.asDouble() : fallback;
    }

    public synchronized boolean getBoolean(String key, boolean fallback) {
        JsonNode v = values.get(key);
        return v != null && v.isBoolean() ? v.asBoolean() : fallback;
    }

    public synchronized List<String> getList(String key) {
        List<String> out = new ArrayList<>();
        JsonNode v = values.get(key);
        if (v != null && v.isArray()) {
            v.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    public synchronized void put(String key, String value) {
        if (value == null) {
            if (values.remove(key) != null) {
                changed();
            }
        } else if (!value.equals(get(key, null))) {
            values.put(key, value);
            changed();
        }
    }

    public synchronized void put(String key, int value) {
        if (getInt(key, value - 1) != value || !values.has(key)) {
            values.put(key, value);
            changed();
        }
    }

    public synchronized void put(String key, double value) {
        if (getDouble(key, Double.NaN) != value) {
            values.put(key, value);
            changed();
        }
    }

    public synchronized void put(String key, boolean value) {
        JsonNode v = values.get(key);
        if (v == null || !v.isBoolean() || v.asBoolean() != value) {
            values.put(key, value);
            changed();
        }
    }

    public synchronized void putList(String key, List<String> list) {
        if (!getList(key).equals(list) || !values.has(key)) {
            ArrayNode a = values.putArray(key);
            list.forEach(a::add);
            changed();
        }
    }

    public synchronized boolean isDirty() {
        return dirty;
    }

    /** Writes the file atomically if anything changed. */
    public void save() throws IOException {
        ObjectNode copy;
        synchronized (this) {
            if (file == null || !dirty) {
                return;
            }
            copy = values.deepCopy();
            dirty = false;
        }
        Json.write(file, copy);
    }
}
