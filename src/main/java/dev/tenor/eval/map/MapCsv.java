package dev.tenor.eval.map;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tenor.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A map as CSV, one row per point: {@code index,text,label,x,y,nearest_train_text,nearest_train_label,
 * nearest_similarity}; the index is the sentence's position in its split file.
 */
public final class MapCsv {

    /** The header row. */
    public static final List<String> HEADER = List.of("index", "text", "label", "x", "y", "nearest_train_text",
            "nearest_train_label", "nearest_similarity");

    /** Leaves the stream open: {@link AtomicFiles} still has to sync it before the rename. */
    private static final CsvMapper MAPPER = CsvMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private MapCsv() {
    }

    /** Writes the points of {@code map} whose label is in {@code shown} (null: all) to {@code file}, atomically. */
    public static void write(EmbeddingMap map, Set<String> shown, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (SequenceWriter rows = MAPPER.writerFor(String[].class).with(CsvSchema.emptySchema()).writeValues(w)) {
                rows.write(HEADER.toArray(String[]::new));
                for (int i = 0; i < map.size(); i++) {
                    String label = map.labels().get(i);
                    if (shown == null || shown.contains(label)) {
                        rows.write(row(map, i).toArray(String[]::new));
                    }
                }
            }
            w.flush();
        });
    }

    private static List<String> row(EmbeddingMap map, int i) {
        List<String> row = new ArrayList<>(HEADER.size());
        row.add(Integer.toString(i));
        row.add(map.texts().get(i));
        row.add(map.labels().get(i));
        row.add(Float.toString(map.points()[i][0]));
        row.add(Float.toString(map.points()[i][1]));
        int[] ids = map.nearest().idsOf(i);
        if (ids.length > 0) {
            row.add(map.trainTexts().get(ids[0]));
            row.add(map.trainLabels().get(ids[0]));
            row.add(String.format(Locale.ROOT, "%.6f", map.nearest().similarities()[i][0]));
        } else {
            row.addAll(List.of("", "", ""));
        }
        return row;
    }
}
