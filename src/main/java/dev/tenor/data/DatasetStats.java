package dev.tenor.data;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The account of a triplet build, written as {@code stats.json}: per relation how many instances there
 * were, how many triplets they gave and why the others were skipped; averages of lengths; provenance.
 *
 * @param averages lengths over all relations
 * @param problems where and why input entries were invalid (the first {@link #MAX_PROBLEMS})
 * @param problemCount how many invalid entries there were in all
 */
public record DatasetStats(Provenance provenance, List<RelationStats> relations, RelationStats.Lengths averages,
        List<String> problems, int problemCount) {

    public static final int MAX_PROBLEMS = 100;
    public static final String FORMAT = "tenor-fewrel-triplets";
    public static final int FORMAT_VERSION = 1;

    public DatasetStats {
        relations = List.copyOf(relations);
        problems = List.copyOf(problems);
    }

    public int instances() {
        return relations.stream().mapToInt(RelationStats::instances).sum();
    }

    public int triplets() {
        return relations.stream().mapToInt(RelationStats::triplets).sum();
    }

    public int devTriplets() {
        return relations.stream().mapToInt(RelationStats::devTriplets).sum();
    }

    public int skipped() {
        return relations.stream().mapToInt(RelationStats::skippedCount).sum();
    }

    /** Skipped instances by reason, in the order of {@link SkipReason}; reasons that did not occur are absent. */
    public Map<SkipReason, Integer> skippedByReason() {
        Map<SkipReason, Integer> total = new EnumMap<>(SkipReason.class);
        relations.forEach(r -> r.skipped().forEach((reason, n) -> total.merge(reason, n, Integer::sum)));
        return total;
    }

    /** Relations that gave no triplet because they have fewer than two distinct sentences. */
    public List<String> skippedRelations() {
        return relations.stream().filter(RelationStats::relationSkipped).map(RelationStats::relation).toList();
    }

    /** Writes {@code stats.json}'s content, pretty JSON ending with a newline; {@code out} is not closed. */
    public void writeJson(OutputStream out) throws IOException {
        try (JsonGenerator g = JsonStreams.pretty(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("format_version", FORMAT_VERSION);

            g.writeObjectFieldStart("provenance");
            g.writeStringField("source", provenance.source());
            g.writeStringField("source_sha256", provenance.sourceSha256());
            g.writeNumberField("source_bytes", provenance.sourceBytes());
            g.writeStringField("pid2name", provenance.relationNames());
            g.writeStringField("pid2name_sha256", provenance.relationNamesSha256());
            TripletOptions o = provenance.options();
            g.writeNumberField("seed", o.seed());
            g.writeStringField("swap", o.swap().toString());
            g.writeBooleanField("detokenize", o.detokenize());
            g.writeNumberField("dev_fraction", o.devFraction());
            g.writeNumberField("max_per_relation", o.maxPerRelation());
            g.writeStringField("tenor_version", provenance.tenorVersion());
            g.writeEndObject();

            g.writeObjectFieldStart("counts");
            g.writeNumberField("relations", relations.size());
            g.writeNumberField("relations_used", relations.size() - skippedRelations().size());
            g.writeNumberField("instances", instances());
            g.writeNumberField("triplets", triplets());
            g.writeNumberField("dev_triplets", devTriplets());
            g.writeNumberField("skipped", skipped());
            writeReasons(g, skippedByReason());
            g.writeEndObject();
            g.writeArrayFieldStart("skipped_relations");
            for (String r : skippedRelations()) {
                g.writeString(r);
            }
            g.writeEndArray();
            writeLengths(g, averages);

            g.writeObjectFieldStart("relations");
            for (RelationStats r : relations) {
                g.writeObjectFieldStart(r.relation());
                g.writeStringField("name", r.name());
                g.writeNumberField("instances", r.instances());
                g.writeNumberField("triplets", r.triplets());
                g.writeNumberField("dev_triplets", r.devTriplets());
                g.writeNumberField("skipped", r.skippedCount());
                writeReasons(g, r.skipped());
                writeLengths(g, r.lengths());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeNumberField("problem_count", problemCount);
            g.writeArrayFieldStart("problems");
            for (String problem : problems) {
                g.writeString(problem);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void writeReasons(JsonGenerator g, Map<SkipReason, Integer> reasons) throws IOException {
        g.writeObjectFieldStart("skipped_by_reason");
        for (Map.Entry<SkipReason, Integer> e : reasons.entrySet()) {
            g.writeNumberField(e.getKey().key(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeLengths(JsonGenerator g, RelationStats.Lengths lengths) throws IOException {
        g.writeObjectFieldStart("averages");
        g.writeNumberField("sentence_tokens", round(lengths.sentenceTokens()));
        g.writeNumberField("anchor_chars", round(lengths.anchorChars()));
        g.writeNumberField("positive_chars", round(lengths.positiveChars()));
        g.writeNumberField("negative_chars", round(lengths.negativeChars()));
        g.writeEndObject();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
