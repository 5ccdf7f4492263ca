package dev.tenor.eval.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenor.data.IntentDataset;
import dev.tenor.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files of a map run: {@code map.png} (the maps side by side), {@code points-<n>.csv} per model (n from
 * 1, in the order given) and {@code map.json} (what was mapped, how, and the timings), all written
 * atomically.
 */
public final class MapExport {

    public static final String PNG = "map.png";
    public static final String JSON = "map.json";

    private MapExport() {
    }

    /** The CSV file of the {@code n}-th map (from 1). */
    public static String csvName(int n) {
        return String.format(Locale.ROOT, "points-%d.csv", n);
    }

    /** Writes the files into {@code dir}; returns them. */
    public static List<Path> write(IntentDataset dataset, List<EmbeddingMap> maps, Path dir, int panelWidth,
            int panelHeight) throws IOException {
        List<Path> out = new ArrayList<>();
        MapColors colors = MapColors.of(maps);
        Path png = dir.resolve(PNG);
        MapImage.writePng(MapImage.draw(maps, colors, null, panelWidth, panelHeight), png);
        out.add(png);
        for (int i = 0; i < maps.size(); i++) {
            Path csv = dir.resolve(csvName(i + 1));
            MapCsv.write(maps.get(i), null, csv);
            out.add(csv);
        }
        Path json = dir.resolve(JSON);
        Json.write(json, provenance(dataset, maps));
        out.add(json);
        return out;
    }

    static ObjectNode provenance(IntentDataset dataset, List<EmbeddingMap> maps) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("dataset").put("name", dataset.name()).put("folder", dataset.folder().toString())
                .put("sha256", dataset.sha256());
        MapOptions o = maps.get(0).options();
        root.putObject("projection").put("method", o.method().name().toLowerCase(Locale.ROOT))
                .put("split", o.split().name().toLowerCase(Locale.ROOT)).put("seed", o.seed())
                .put("projector", SmileProjector.VERSION)
                .put("umap_neighbours", SmileProjector.UMAP_NEIGHBOURS)
                .put("umap_pca_dimensions", SmileProjector.UMAP_PCA_DIMENSIONS);
        ArrayNode models = root.putArray("models");
        for (int i = 0; i < maps.size(); i++) {
            EmbeddingMap m = maps.get(i);
            models.addObject().put("name", m.model()).put("model_hash", m.modelHash()).put("points", m.size())
                    .put("csv", csvName(i + 1)).put("map_cache", m.mapCache().name().toLowerCase(Locale.ROOT))
                    .put("projection_s", Math.round(m.projectSeconds() * 1000) / 1000.0);
        }
        return root;
    }
}
