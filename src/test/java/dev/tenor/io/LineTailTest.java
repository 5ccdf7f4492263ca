package dev.tenor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineTailTest {

    @TempDir
    Path dir;

    @Test
    void returnsOnlyCompleteLinesAndKeepsThePartialOne() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        LineTail tail = new LineTail(file);
        assertEquals(LineTail.Poll.EMPTY, tail.poll(), "no file yet");
        append(file, "{\"step\":1}\n{\"st");
        assertEquals(List.of("{\"step\":1}"), tail.poll().lines());
        assertEquals(List.of(), tail.poll().lines());
        append(file, "ep\":2}\r\n\n{\"step\":3}\n");
        LineTail.Poll poll = tail.poll();
        assertEquals(List.of("{\"step\":2}", "", "{\"step\":3}"), poll.lines());
        assertFalse(poll.restarted());
        assertEquals(Files.size(file), tail.offset());
    }

    @Test
    void startsOverWhenTheFileIsReplacedOrShrinks() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        append(file, "a\nb\nc\n");
        LineTail tail = new LineTail(file);
        assertEquals(List.of("a", "b", "c"), tail.poll().lines());
        AtomicFiles.writeString(file, "a\nb\n"); // a resume truncates atomically: new file, shorter
        LineTail.Poll poll = tail.poll();
        assertTrue(poll.restarted());
        assertEquals(List.of("a", "b"), poll.lines());
        append(file, "d\n");
        assertEquals(new LineTail.Poll(List.of("d"), false), tail.poll());
    }

    @Test
    void followsARenamedFile() throws Exception {
        Path file = dir.resolve("x.log");
        append(file, "one\n");
        LineTail tail = new LineTail(file);
        assertEquals(List.of("one"), tail.poll().lines());
        Path moved = dir.resolve("sub/train.log");
        Files.createDirectories(moved.getParent());
        Files.move(file, moved);
        tail.renamed(moved);
        append(moved, "two\n");
        assertEquals(new LineTail.Poll(List.of("two"), false), tail.poll());
    }

    @Test
    void decodesUtf8AcrossReads() throws Exception {
        Path file = dir.resolve("u.log");
        byte[] bytes = "caf\u00e9 \u2013 ok\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, java.util.Arrays.copyOf(bytes, 4)); // ends inside the two-byte é
        LineTail tail = new LineTail(file);
        assertEquals(List.of(), tail.poll().lines());
        Files.write(file, java.util.Arrays.copyOfRange(bytes, 4, bytes.length), StandardOpenOption.APPEND);
        assertEquals(List.of("caf\u00e9 \u2013 ok"), tail.poll().lines());
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
