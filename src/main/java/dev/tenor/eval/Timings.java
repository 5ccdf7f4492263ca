package dev.tenor.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock seconds of one evaluation result's stages. Embedding times include reading the cache (near
 * zero on a hit); index build and query times are those of the index the result names.
 */
public record Timings(double embedTrain, double embedTest, double indexBuild, double query) {

    public double total() {
        return embedTrain + embedTest + indexBuild + query;
    }

    /** {"embed_train": s, "embed_test": s, "index_build": s, "query": s, "total": s}, as the report shows. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("embed_train", embedTrain);
        m.put("embed_test", embedTest);
        m.put("index_build", indexBuild);
        m.put("query", query);
        m.put("total", total());
        return m;
    }
}
