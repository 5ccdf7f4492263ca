package dev.tenor.data;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A triplet dataset written to a folder.
 *
 * @param folder the output folder
 * @param triplets its {@code triplets.jsonl}
 * @param dev its {@code dev.jsonl}, or {@code null} when there are no dev triplets
 * @param stats its {@code stats.json}
 * @param summary the content of {@code stats.json}
 * @param elapsed time from the start of reading to the last file written
 */
public record BuildResult(Path folder, Path triplets, Path dev, Path stats, DatasetStats summary, Duration elapsed) {
}
