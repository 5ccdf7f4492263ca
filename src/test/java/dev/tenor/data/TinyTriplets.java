package dev.tenor.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small triplets.jsonl for runs that only need steps to happen (remote runs, the Train tab on a host). */
public final class TinyTriplets {

    private TinyTriplets() {
    }

    /** Writes {@code count} triplets (anchors numbered, so none repeats) to {@code file}, parents created. */
    public static Path write(Path file, int count) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append("{\"anchor\":\"Paris is the capital of France ").append(i).append("\",\"positive\":\"Rome is the "
                    + "capital of Italy\",\"negative\":\"France borders Paris\"}\n");
        }
        Files.writeString(file, sb.toString());
        return file;
    }
}
