package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkbenchSettingsTest {

    @TempDir
    Path dir;

    @Test
    void valuesSurviveASaveAndOnlyChangesMarkDirty() throws Exception {
        Path file = dir.resolve("home/settings.json");
        WorkbenchSettings s = WorkbenchSettings.load(file);
        assertNull(s.problem());
        AtomicInteger changes = new AtomicInteger();
        s.setOnChange(changes::incrementAndGet);
        s.put("window.theme", "dark");
        s.put("window.theme", "dark");
        s.put("window.tab", 3);
        s.put("window.width", 1200.5);
        s.put("window.log", true);
        s.putList("evaluate.models", List.of("a", "runs/b"));
        assertEquals(5, changes.get(), "the repeated value is no change");
        assertTrue(s.isDirty());
        s.save();
        assertFalse(s.isDirty());
        assertEquals(List.of(), leftovers(file.getParent()), "no temporary files left");
        WorkbenchSettings t = WorkbenchSettings.load(file);
        assertEquals("dark", t.get("window.theme", "light"));
        assertEquals(3, t.getInt("window.tab", 0));
        assertEquals(1200.5, t.getDouble("window.width", 0), 0);
        assertTrue(t.getBoolean("window.log", false));
        assertEquals(List.of("a", "runs/b"), t.getList("evaluate.models"));
        assertEquals("fallback", t.get("missing", "fallback"));
    }

    @Test
    void aBrokenFileIsReportedAndReplacedByDefaults() throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\"window.theme\": ");
        WorkbenchSettings s = WorkbenchSettings.load(file);
        assertTrue(s.problem().startsWith(file + ": malformed JSON at line 1"), s.problem());
        assertTrue(s.problem().endsWith("; starting with default settings"), s.problem());
        assertEquals("light", s.get("window.theme", "light"));
        Files.writeString(file, "[1, 2]");
        assertEquals(file + ": not a JSON object; starting with default settings", WorkbenchSettings.load(file)
                .problem());
    }

    private static List<String> leftovers(Path folder) throws Exception {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("settings.json")).toList();
        }
    }
}
