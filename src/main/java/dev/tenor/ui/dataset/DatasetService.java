package dev.tenor.ui.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.data.BuildResult;
import dev.tenor.data.DatasetStats;
import dev.tenor.data.FewRelData;
import dev.tenor.data.FewRelInstance;
import dev.tenor.data.FewRelReader;
import dev.tenor.data.FewRelRelation;
import dev.tenor.data.RelationNames;
import dev.tenor.data.RelationStats;
import dev.tenor.data.Sentences;
import dev.tenor.data.Triplet;
import dev.tenor.data.TripletBuilder;
import dev.tenor.data.TripletDataset;
import dev.tenor.data.TripletOptions;
import dev.tenor.data.TripletSet;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The Dataset tab's work, without JavaFX: builds a triplet dataset with the same core code as
 * {@code tenor dataset build} (kept in steps so the FewRel instances stay at hand to locate the swapped
 * entities), or opens one that exists.
 */
public final class DatasetService {

    /** Reads, pairs and writes a dataset; progress runs from 0 to 1000. */
    public DatasetResult build(Path fewrel, Path relationNames, Path out, TripletOptions options,
                               ProgressListener progress, CancellationToken cancel) throws IOException {
        if (fewrel == null) {
            throw new BadInputException("choose a FewRel file (such as val_wiki.json) first");
        }
        if (out == null) {
            throw new BadInputException("choose an output folder for the dataset");
        }
        TripletDataset.checkOutputFolder(out);
        FewRelData data = FewRelReader.read(fewrel, stage(progress, 0, 450), cancel);
        RelationNames names = relationNames == null ? RelationNames.NONE : RelationNames.read(relationNames);
        TripletSet set = new TripletBuilder(options).build(data, names, stage(progress, 450, 700), cancel);
        BuildResult written = TripletDataset.write(out, set, stage(progress, 700, 900), cancel);
        progress.progress(900, 1000, "locating entities");
        List<TripletRow> rows = highlight(data, set.triplets(), set.dev(), options.detokenize(), cancel);
        progress.progress(1000, 1000, "done");
        List<DatasetResult.RelationCount> counts = new ArrayList<>();
        for (RelationStats r : set.stats().relations()) {
            counts.add(new DatasetResult.RelationCount(r.relation(), r.name(), r.triplets(), r.devTriplets()));
        }
        return new DatasetResult(written.folder(), rows, counts, summary(set.stats()), true);
    }

    /**
     * Opens a dataset folder ({@code triplets.jsonl}, {@code dev.jsonl}, {@code stats.json}); entities are
     * highlighted when the FewRel file named in {@code stats.json} is still there.
     */
    public DatasetResult open(Path folder, ProgressListener progress, CancellationToken cancel) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw BadInputException.of(folder == null ? Path.of("") : folder,
                    "not a dataset folder (expected a folder with triplets.jsonl)");
        }
        progress.progress(0, 3, "reading triplets");
        List<Triplet> train = TripletDataset.readTriplets(folder);
        List<Triplet> dev = TripletDataset.readDev(folder);
        Path statsFile = folder.resolve(TripletDataset.STATS);
        JsonNode stats = Files.isRegularFile(statsFile) ? Json.read(statsFile) : Json.MAPPER.createObjectNode();
        List<DatasetResult.RelationCount> counts = new ArrayList<>();
        JsonNode relations = stats.path("relations");
        relations.fieldNames().forEachRemaining(id -> counts.add(new DatasetResult.RelationCount(id,
                relations.get(id).path("name").asText(""), relations.get(id).path("triplets").asInt(),
                relations.get(id).path("dev_triplets").asInt())));
        if (counts.isEmpty()) {
            counts.addAll(countByRelation(train, dev));
        }
        Path source = stats.path("provenance").hasNonNull("source") ? Path.of(stats.path("provenance").path("source")
                .asText()) : null;
        boolean detokenize = stats.path("provenance").path("detokenize").asBoolean(false);
        List<TripletRow> rows;
        boolean highlighted = false;
        if (source != null && Files.isRegularFile(source)) {
            progress.progress(1, 3, "reading " + source.getFileName() + " to locate entities");
            rows = highlight(FewRelReader.read(source, ProgressListener.NONE, cancel), train, dev, detokenize, cancel);
            highlighted = true;
        } else {
            rows = new ArrayList<>();
            train.forEach(t -> rows.add(TripletRow.plain(t, false)));
            dev.forEach(t -> rows.add(TripletRow.plain(t, true)));
        }
        progress.progress(3, 3, "opened");
        String summary = String.format(Locale.ROOT, "%,d training + %,d dev triplets, %d relations", train.size(),
                dev.size(), counts.size());
        return new DatasetResult(folder, rows, counts, summary, highlighted);
    }

    /** One line of counts for a build. */
    static String summary(DatasetStats s) {
        String skipped = s.skipped() == 0 ? "none skipped" : String.format(Locale.ROOT, "%,d skipped", s.skipped());
        return String.format(Locale.ROOT, "%,d training + %,d dev triplets from %,d instances of %d relations; %s",
                s.triplets(), s.devTriplets(), s.instances(), s.relations().size(), skipped);
    }

    /** Locates the swapped entities of every triplet in the sentences, from the instances they were made of. */
    static List<TripletRow> highlight(FewRelData data, List<Triplet> train, List<Triplet> dev, boolean detokenize,
                                      CancellationToken cancel) {
        Function<List<String>, String> render = detokenize ? Sentences::detokenize : Sentences::join;
        Map<String, Map<Integer, FewRelInstance>> byRelation = new HashMap<>();
        for (FewRelRelation r : data.relations()) {
            Map<Integer, FewRelInstance> m = new HashMap<>();
            r.instances().forEach(i -> m.put(i.index(), i));
            byRelation.put(r.id(), m);
        }
        List<TripletRow> rows = new ArrayList<>(train.size() + dev.size());
        int n = 0;
        for (List<Triplet> part : List.of(train, dev)) {
            boolean isDev = part == dev;
            for (Triplet t : part) {
                if (++n % 1024 == 0) {
                    cancel.throwIfCancelled();
                }
                Map<Integer, FewRelInstance> m = byRelation.getOrDefault(t.relation(), Map.of());
                FewRelInstance a = m.get(t.anchorIndex());
                FewRelInstance b = m.get(t.otherIndex());
                if (a == null || b == null) {
                    rows.add(TripletRow.plain(t, isDev));
                    continue;
                }
                String aHead = render.apply(a.headTokens());
                String aTail = render.apply(a.tailTokens());
                String bHead = render.apply(b.headTokens());
                String bTail = render.apply(b.tailTokens());
                rows.add(new TripletRow(t, isDev, EntityHighlights.find(t.anchor(), aHead, aTail),
                        EntityHighlights.find(t.positive(), bHead, bTail),
                        EntityHighlights.find(t.negative(), aHead, aTail)));
            }
        }
        return rows;
    }

    private static List<DatasetResult.RelationCount> countByRelation(List<Triplet> train, List<Triplet> dev) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        train.forEach(t -> {
            counts.computeIfAbsent(t.relation(), k -> new int[2])[0]++;
            names.putIfAbsent(t.relation(), t.relationName());
        });
        dev.forEach(t -> {
            counts.computeIfAbsent(t.relation(), k -> new int[2])[1]++;
            names.putIfAbsent(t.relation(), t.relationName());
        });
        List<DatasetResult.RelationCount> out = new ArrayList<>();
        counts.forEach((r, c) -> out.add(new DatasetResult.RelationCount(r, names.get(r), c[0], c[1])));
        return out;
    }

    /** Maps a stage's progress onto {@code [from, to]} of a run to 1000. */
    static ProgressListener stage(ProgressListener out, long from, long to) {
        return (done, total, message) -> {
            long scaled = total <= 0 ? from : from + (to - from) * Math.min(done, total) / total;
            out.progress(scaled, 1000, message);
        };
    }
}
