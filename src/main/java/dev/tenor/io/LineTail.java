package dev.tenor.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Follows a text file that another process appends lines to (a run's {@code metrics.jsonl}, a child's
 * log). Each {@link #poll()} returns the complete lines added since the last one; a last line without its
 * newline waits for the next poll, because the writer may be in the middle of it. A file that was replaced
 * (another inode, as an atomic rewrite makes) or that shrank is read again from its start, and the poll says
 * so.
 */
public final class LineTail {

    /** Lines read in one poll, and whether the file was started over. */
    public record Poll(List<String> lines, boolean restarted) {

        public static final Poll EMPTY = new Poll(List.of(), false);

        public Poll {
            lines = List.copyOf(lines);
        }
    }

    private static final int CHUNK = 1 << 16;

    private Path file;
    private long offset;
    private Object fileKey;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    public LineTail(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public synchronized Path file() {
        return file;
    }

    /** Follows the same file under a new name (it was renamed; its content and position stay). */
    public synchronized void renamed(Path newName) {
        this.file = newName;
    }

    /** Bytes consumed so far (complete lines plus a pending partial line). */
    public synchronized long offset() {
        return offset;
    }

    /** The complete lines appended since the last poll; none while the file does not exist. */
    public synchronized Poll poll() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Poll.EMPTY;
        }
        boolean restarted = false;
        Object key = attrs.fileKey();
        if (offset > 0 && (attrs.size() < offset || key != null && fileKey != null && !key.equals(fileKey))) {
            offset = 0;
            partial.reset();
            restarted = true;
        }
        fileKey = key;
        if (attrs.size() == offset) {
            return restarted ? new Poll(List.of(), true) : Poll.EMPTY;
        }
        List<String> lines = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            channel.position(offset);
            int n;
            while ((n = channel.read(buffer)) > 0) {
                offset += n;
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        lines.add(takeLine());
                    } else {
                        partial.write(b);
                    }
                }
                buffer.clear();
            }
        } catch (NoSuchFileException e) {
            // removed between the two calls: report what was read
        }
        return new Poll(lines, restarted);
    }

    private String takeLine() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
