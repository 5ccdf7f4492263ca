package dev.tenor.attention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON layout of an {@link EntityShift.Report}, shared by {@code tenor attention shift} and the panel. */
public final class EntityShiftJson {

    /** What the numbers are, written into every report so it reads on its own. */
    public static final String DEFINITION = "share of a model's attention that lands on the head and tail entity "
            + "tokens (first mention, all word pieces) of a FewRel sentence: the mean over heads and query tokens "
            + "of the attention each token receives, [CLS]/[SEP] hidden and rows renormalised over the words, "
            + "summed over the entity tokens; rollout: attention rollout through all layers, averaged over query "
            + "tokens. base_top: the same for the k tokens the first model attends to most (k = the sentence's "
            + "entity tokens). uniform: entity tokens / words, what evenly spread attention gives. Intervals: "
            + "95%, mean +- 1.96 sd / sqrt(n) over sentences; differences are paired by sentence (model - first model).";

    private EntityShiftJson() {
    }

    public static Map<String, Object> of(EntityShift.Report report, String source, double seconds,
                                         boolean perSentence) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source);
        out.put("models", report.models());
        out.put("sentences", report.sentences());
        out.put("left_out_truncated", report.truncated());
        out.put("seconds", Math.round(seconds * 100) / 100.0);
        out.put("definition", DEFINITION);
        List<Object> rows = new ArrayList<>();
        for (EntityShift.Row r : report.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("view", r.view());
            row.put("uniform", interval(r.uniform()));
            row.put("entity", r.entity().stream().map(EntityShiftJson::interval).toList());
            row.put("entity_difference", r.entityDifference().stream().map(EntityShiftJson::interval).toList());
            row.put("base_top", r.baseTop().stream().map(EntityShiftJson::interval).toList());
            row.put("base_top_difference", r.baseTopDifference().stream().map(EntityShiftJson::interval).toList());
            rows.add(row);
        }
        out.put("rows", rows);
        if (perSentence) {
            List<Object> per = new ArrayList<>();
            for (EntityShift.SentenceShares s : report.perSentence()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("relation", s.sample().relation());
                m.put("index", s.sample().instance().index());
                m.put("words", s.sample().instance().tokens());
                m.put("head", List.of(s.sample().instance().head().start(), s.sample().instance().head().end()));
                m.put("tail", List.of(s.sample().instance().tail().start(), s.sample().instance().tail().end()));
                m.put("tokens", s.tokens());
                m.put("entity_tokens", s.entityTokens());
                m.put("entity", s.entity());
                m.put("base_top", s.baseTop());
                per.add(m);
            }
            out.put("per_sentence", per);
        }
        return out;
    }

    private static Map<String, Object> interval(MeanInterval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", round(i.mean()));
        m.put("low", round(i.low()));
        m.put("high", round(i.high()));
        m.put("n", i.n());
        return m;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1e6) / 1e6;
    }
}
