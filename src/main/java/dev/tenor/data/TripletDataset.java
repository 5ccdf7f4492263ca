package dev.tenor.data;

import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A triplet dataset folder: {@code triplets.jsonl}, {@code dev.jsonl} (when there is a dev split) and
 * {@code stats.json}. The folder is written as a whole: files go to a hidden sibling folder that replaces
 * the target only when complete, so a crash or a cancel never leaves a partial dataset.
 */
public final class TripletDataset {

    public static final String TRIPLETS = "triplets.jsonl";
    public static final String DEV = "dev.jsonl";
    public static final String STATS = "stats.json";

    private static final Set<String> OWN_FILES = Set.of(TRIPLETS, DEV, STATS);

    private TripletDataset() {
    }

    /**
     * Writes {@code set} to {@code folder}, replacing an earlier dataset there.
     *
     * @throws BadInputException when there is no triplet to write, or the folder holds files that are not a
     *     dataset's (they would be lost when the folder is replaced)
     */
    public static BuildResult write(Path folder, TripletSet set, ProgressListener progress,
            CancellationToken cancel) throws IOException {
        long started = System.nanoTime();
        checkOutputFolder(folder);
        DatasetStats stats = set.stats();
        if (set.triplets().isEmpty()) {
            throw new BadInputException(stats.provenance().source() + ": no triplet could be built ("
                    + stats.instances() + " instances, skipped: " + describe(stats) + ")");
        }
        long total = set.triplets().size() + set.dev().size();
        AtomicFiles.writeFolder(folder, tmp -> {
            progress.progress(0, total, "writing " + TRIPLETS);
            TripletFile.write(tmp.resolve(TRIPLETS), set.triplets(), cancel);
            if (!set.dev().isEmpty()) {
                progress.progress(set.triplets().size(), total, "writing " + DEV);
                TripletFile.write(tmp.resolve(DEV), set.dev(), cancel);
            }
            cancel.throwIfCancelled();
            AtomicFiles.write(tmp.resolve(STATS), stats::writeJson);
            progress.progress(total, total, "written");
        });
        Path dev = set.dev().isEmpty() ? null : folder.resolve(DEV);
        return new BuildResult(folder, folder.resolve(TRIPLETS), dev, folder.resolve(STATS), stats,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The training triplets of a dataset: {@code folder/triplets.jsonl}, or the file itself when given a
     * triplet file.
     *
     * @throws BadInputException when the file is missing, empty or malformed
     */
    public static List<Triplet> readTriplets(Path folderOrFile) {
        return TripletFile.read(Files.isDirectory(folderOrFile) ? folderOrFile.resolve(TRIPLETS) : folderOrFile);
    }

    /** The dev triplets of a dataset folder; empty when it has no {@code dev.jsonl}. */
    public static List<Triplet> readDev(Path folder) {
        Path dev = folder.resolve(DEV);
        return Files.isRegularFile(dev) ? TripletFile.read(dev) : List.of();
    }

    /**
     * Checks that {@code folder} can take a dataset: it is new, empty, or holds only a dataset's files.
     *
     * @throws BadInputException otherwise
     */
    public static void checkOutputFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        if (!Files.isDirectory(folder)) {
            throw BadInputException.of(folder, "exists and is not a folder");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (!OWN_FILES.contains(entry.getFileName().toString())) {
                    throw BadInputException.of(folder, "holds other files (" + entry.getFileName()
                            + "); the dataset replaces the whole folder, so give a new or empty folder");
                }
            }
        }
    }

    private static String describe(DatasetStats stats) {
        StringBuilder out = new StringBuilder();
        stats.skippedByReason().forEach((reason, n) -> out.append(out.length() == 0 ? "" : ", ")
                .append(n).append(' ').append(reason.key()));
        return out.length() == 0 ? "none" : out.toString();
    }
}
