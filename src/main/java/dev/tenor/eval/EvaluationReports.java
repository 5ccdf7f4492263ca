package dev.tenor.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.Json;
import dev.tenor.model.SentenceSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes an {@link EvaluationReport} as {@code report.json}, {@code report.csv} and {@code report.md}, and
 * renders the comparison table the command line prints (one row per model and index kind: hidden size,
 * parameters, top-1..k, Annoy recall, query time).
 *
 * <p>{@code report.json} is shaped {@code {"dataset": NAME, "dataset_details": {...}, "settings": {...},
 * "notes": [...], "results": [{"model", "index": "exact"|"annoy", "top_k": {"1": ..}, "annoy_recall":
 * {"1": ..} or null, "timings_s": {...}, "per_label": [...], "confusions": [...], ...}]}}.
 */
public final class EvaluationReports {

    public static final String JSON_FILE = "report.json";
    public static final String CSV_FILE = "report.csv";
    public static final String MARKDOWN_FILE = "report.md";

    /** Worst labels listed in the Markdown report (the JSON has all). */
    static final int MARKDOWN_LABELS = 10;

    private EvaluationReports() {
    }

    /** Writes the three files into {@code dir} (created if needed), each atomically; returns their paths. */
    public static List<Path> write(EvaluationReport report, Path dir) throws IOException {
        Path json = dir.resolve(JSON_FILE);
        Path csv = dir.resolve(CSV_FILE);
        Path md = dir.resolve(MARKDOWN_FILE);
        AtomicFiles.writeString(json, Json.pretty(json(report)) + "\n");
        AtomicFiles.writeString(csv, csv(report));
        AtomicFiles.writeString(md, markdown(report));
        return List.of(json, csv, md);
    }

    // ---------------------------------------------------------------- JSON

    public static ObjectNode json(EvaluationReport report) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        DatasetSummary d = report.dataset();
        root.put("dataset", d.name());
        ObjectNode details = root.putObject("dataset_details");
        details.put("folder", d.folder().toAbsolutePath().normalize().toString());
        details.put("sha256", d.sha256());
        details.put("train_sentences", d.trainSentences());
        details.put("test_sentences", d.testSentences());
        details.put("queries", d.queries());
        details.put("train_labels", d.trainLabels());
        details.put("query_labels", d.queryLabels());
        ObjectNode unknown = details.putObject("unknown_labels");
        d.unknownLabels().forEach(unknown::put);
        details.put("unknown_label_queries", d.unknownQueries());
        details.put("blank_lines", d.blankLines());

        EvaluationOptions o = report.options();
        ObjectNode settings = root.putObject("settings");
        settings.put("protocol", "a query is correct at k when one of its k nearest training sentences (cosine) "
                + "has its label");
        settings.put("k", o.maxK());
        ArrayNode indexes = settings.putArray("indexes");
        o.indexes().forEach(i -> indexes.add(i.id()));
        if (o.wantsAnnoy()) {
            annoySettings(settings.putObject("annoy"), o.annoy());
        }
        if (o.queryLimit() > 0) {
            settings.put("query_limit", o.queryLimit());
        } else {
            settings.putNull("query_limit");
        }
        if (o.sample().samplesAnything()) {
            settings.putObject("sample").put("index", o.sample().index()).put("queries", o.sample().queries())
                    .put("seed", o.sample().seed());
        } else {
            settings.putNull("sample");
        }
        settings.put("batch_size", o.batchSize());
        settings.put("embedding_cache", o.useCache());
        root.put("created", report.created().toString());
        String version = EvaluationReports.class.getPackage().getImplementationVersion();
        root.put("tenor_version", version == null ? "dev" : version);
        ArrayNode notes = root.putArray("notes");
        report.notes().forEach(notes::add);

        ArrayNode results = root.putArray("results");
        for (EvaluationResult r : report.results()) {
            results.add(result(r));
        }
        return root;
    }

    private static ObjectNode result(EvaluationResult r) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("model", r.model());
        n.put("index", r.index().id());
        ObjectNode topK = n.putObject("top_k");
        r.topK().asMap().forEach(topK::put);
        if (r.annoyRecall() != null) {
            ObjectNode recall = n.putObject("annoy_recall");
            r.annoyRecall().asMap().forEach(recall::put);
        } else {
            n.putNull("annoy_recall");
        }
        ObjectNode timings = n.putObject("timings_s");
        r.timings().asMap().forEach(timings::put);
        n.put("model_folder", r.modelFolder().toAbsolutePath().normalize().toString());
        n.put("model_sha256", r.modelHash());
        n.put("hidden_size", r.hiddenSize());
        n.put("parameters", r.parameters());
        SentenceSettings s = r.modelSettings();
        n.putObject("model_settings")
                .put("max_seq_length", s.maxSeqLength())
                .put("pooling", s.pooling().name().toLowerCase(Locale.ROOT))
                .put("normalize", s.normalize())
                .put("prompt", s.prompt());
        ObjectNode index = n.putObject("index_settings");
        index.put("metric", "cosine");
        if (r.annoySettings() != null) {
            annoySettings(index, r.annoySettings());
        } else {
            index.put("neighbours", r.topK().maxK());
        }
        n.put("queries", r.queries());
        n.set("correct_at_k", Json.MAPPER.valueToTree(r.topK().correct()));
        n.putObject("embedding_cache")
                .put("train", r.trainCache().name().toLowerCase(Locale.ROOT))
                .put("test", r.testCache().name().toLowerCase(Locale.ROOT));
        ArrayNode perLabel = n.putArray("per_label");
        for (LabelScore l : r.perLabel()) {
            ObjectNode e = perLabel.addObject();
            e.put("label", l.label());
            e.put("queries", l.queries());
            e.put("in_train", l.inIndex());
            ObjectNode acc = e.putObject("top_k");
            l.asMap().forEach(acc::put);
        }
        ArrayNode confusions = n.putArray("confusions");
        for (LabelConfusion c : r.confusions()) {
            ObjectNode e = confusions.addObject();
            e.put("true_label", c.trueLabel());
            e.put("predicted_label", c.predictedLabel());
            e.put("count", c.count());
            ArrayNode ex = e.putArray("examples");
            for (LabelConfusion.Example x : c.examples()) {
                ex.addObject().put("query", x.query()).put("nearest", x.nearest());
            }
        }
        return n;
    }

    private static void annoySettings(ObjectNode n, AnnoySearch.Settings a) {
        n.put("metric", "angular");
        n.put("trees", a.trees());
        n.put("neighbours", a.neighbours());
        n.put("search_k", a.searchK());
        n.put("effective_search_k", a.effectiveSearchK());
    }

    // ---------------------------------------------------------------- CSV

    /** One line per result; accuracies and recalls as full doubles, times in seconds. */
    public static String csv(EvaluationReport report) {
        int maxK = report.options().maxK();
        List<String> header = new ArrayList<>(List.of("dataset", "model", "index", "hidden_size", "parameters",
                "queries"));
        for (int k = 1; k <= maxK; k++) {
            header.add("top_" + k);
        }
        for (int k = 1; k <= maxK; k++) {
            header.add("annoy_recall_" + k);
        }
        header.addAll(List.of("trees", "neighbours", "search_k", "embed_train_s", "embed_test_s", "index_build_s",
                "query_s", "total_s", "train_cache", "test_cache", "model_folder"));
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        for (EvaluationResult r : report.results()) {
            List<String> row = new ArrayList<>(List.of(report.dataset().name(), r.model(), r.index().id(),
                    Integer.toString(r.hiddenSize()), Long.toString(r.parameters()), Integer.toString(r.queries())));
            for (int k = 1; k <= maxK; k++) {
                row.add(Double.toString(r.top(k)));
            }
            for (int k = 1; k <= maxK; k++) {
                row.add(r.annoyRecall() == null ? "" : Double.toString(r.annoyRecall().at(k)));
            }
            AnnoySearch.Settings a = r.annoySettings();
            row.add(a == null ? "" : Integer.toString(a.trees()));
            row.add(a == null ? "" : Integer.toString(a.neighbours()));
            row.add(a == null ? "" : Integer.toString(a.effectiveSearchK()));
            for (double t : r.timings().asMap().values()) {
                row.add(String.format(Locale.ROOT, "%.3f", t));
            }
            row.add(r.trainCache().name().toLowerCase(Locale.ROOT));
            row.add(r.testCache().name().toLowerCase(Locale.ROOT));
            row.add(r.modelFolder().toAbsolutePath().normalize().toString());
            line(sb, row);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields.get(i);
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        sb.append('\n');
    }

    // ---------------------------------------------------------------- printed table

    /**
     * The comparison table, aligned for a terminal: model, index, hidden size, parameters, top-1..k, Annoy
     * recall@k (maxK) and query time.
     */
    public static String table(EvaluationReport report) {
        int maxK = report.options().maxK();
        List<String> header = new ArrayList<>(List.of("model", "index", "hidden", "parameters"));
        for (int k = 1; k <= maxK; k++) {
            header.add("top-" + k);
        }
        header.add("recall@" + maxK);
        header.add("query s");
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (EvaluationResult r : report.results()) {
            List<String> row = new ArrayList<>(List.of(r.model(), r.index().id(), Integer.toString(r.hiddenSize()),
                    millions(r.parameters())));
            for (int k = 1; k <= maxK; k++) {
                row.add(String.format(Locale.ROOT, "%.4f", r.top(k)));
            }
            row.add(r.annoyRecall() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.annoyRecall().at(maxK)));
            row.add(String.format(Locale.ROOT, "%.2f", r.timings().query()));
            rows.add(row);
        }
        int[] width = new int[header.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    line.append("  ");
                }
                String cell = row.get(i);
                // names left-aligned, numbers right-aligned
                line.append(i < 2 ? pad(cell, width[i]) : " ".repeat(width[i] - cell.length()) + cell);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** One line saying what was searched how, for above the table. */
    public static String heading(EvaluationReport report) {
        DatasetSummary d = report.dataset();
        return String.format(Locale.ROOT, "Intent retrieval on %s: %,d training sentences indexed, %,d test queries"
                + "; %s", d.name(), d.trainSentences(), d.queries(), searchDescription(report.options()));
    }

    private static String searchDescription(EvaluationOptions o) {
        List<String> parts = new ArrayList<>();
        if (o.indexes().contains(IndexKind.EXACT)) {
            parts.add("exact = cosine, all training sentences (ground truth)");
        }
        if (o.wantsAnnoy()) {
            AnnoySearch.Settings a = o.annoy();
            parts.add(String.format(Locale.ROOT, "annoy = angular, %d trees, %d neighbours, search_k %s", a.trees(),
                    a.neighbours(), a.searchK() == -1 ? "default (" + a.effectiveSearchK() + ")"
                            : Integer.toString(a.searchK())));
        }
        return String.join("; ", parts);
    }

    static String millions(long parameters) {
        return String.format(Locale.ROOT, "%.1fM", parameters / 1e6);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    // ---------------------------------------------------------------- Markdown

    public static String markdown(EvaluationReport report) {
        DatasetSummary d = report.dataset();
        EvaluationOptions o = report.options();
        int maxK = o.maxK();
        StringBuilder sb = new StringBuilder();
        sb.append("# Intent retrieval: ").append(md(d.name())).append("\n\n");
        sb.append(String.format(Locale.ROOT, "- Dataset: `%s` (sha256 `%s`): %,d training sentences (%d labels) "
                        + "indexed, %,d of %,d test sentences queried (%d labels).%n",
                d.folder().toAbsolutePath().normalize(), d.sha256(), d.trainSentences(), d.trainLabels(), d.queries(),
                d.testSentences(), d.queryLabels()));
        sb.append("- Protocol: a query is correct at k when one of its k nearest training sentences (cosine) has "
                + "its label.\n");
        sb.append("- Search: ").append(md(searchDescription(o))).append(".\n");
        sb.append("- Created: ").append(report.created()).append("\n\n");

        sb.append("## Comparison\n\n");
        List<String> header = new ArrayList<>(List.of("Model", "Index", "Hidden size", "Parameters"));
        for (int k = 1; k <= maxK; k++) {
            header.add("Top-" + k);
        }
        header.add("Annoy recall@" + maxK);
        header.add("Query time (s)");
        sb.append("| ").append(String.join(" | ", header)).append(" |\n");
        sb.append("|---|---|").append("---:|".repeat(header.size() - 2)).append('\n');
        for (EvaluationResult r : report.results()) {
            List<String> row = new ArrayList<>(List.of(md(r.model()), r.index().id(), Integer.toString(r.hiddenSize()),
                    millions(r.parameters())));
            for (int k = 1; k <= maxK; k++) {
                row.add(String.format(Locale.ROOT, "%.4f", r.top(k)));
            }
            row.add(r.annoyRecall() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.annoyRecall().at(maxK)));
            row.add(String.format(Locale.ROOT, "%.2f", r.timings().query()));
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        sb.append('\n');
        if (!report.notes().isEmpty()) {
            sb.append("## Notes\n\n");
            report.notes().forEach(n -> sb.append("- ").append(md(n)).append('\n'));
            sb.append('\n');
        }
        for (EvaluationResult r : report.results()) {
            section(sb, r, maxK);
        }
        return sb.toString();
    }

    private static void section(StringBuilder sb, EvaluationResult r, int maxK) {
        sb.append("## ").append(md(r.model())).append(", ").append(r.index().id()).append("\n\n");
        SentenceSettings s = r.modelSettings();
        sb.append(String.format(Locale.ROOT, "- Model folder: `%s`; %s pooling, %snormalised, max_seq_length %d%s.%n",
                r.modelFolder().toAbsolutePath().normalize(), s.pooling().name().toLowerCase(Locale.ROOT),
                s.normalize() ? "" : "not ", s.maxSeqLength(),
                s.prompt().isEmpty() ? "" : ", prompt \"" + md(s.prompt()) + "\""));
        Timings t = r.timings();
        sb.append(String.format(Locale.ROOT, "- Timings: embedding train %.2f s (%s), test %.2f s (%s); index build "
                        + "%.2f s; queries %.2f s.%n", t.embedTrain(), cacheWord(r.trainCache()), t.embedTest(),
                cacheWord(r.testCache()), t.indexBuild(), t.query()));
        if (r.annoyRecall() != null) {
            List<String> parts = new ArrayList<>();
            r.annoyRecall().asMap().forEach((k, v) -> parts.add(String.format(Locale.ROOT, "@%s %.4f", k, v)));
            sb.append("- Annoy recall against exact search: ").append(String.join(", ", parts)).append(".\n");
        }
        sb.append('\n');
        sb.append("### Worst labels\n\n");
        sb.append("| Label | Queries |");
        for (int k = 1; k <= maxK; k++) {
            sb.append(" Top-").append(k).append(" |");
        }
        sb.append("\n|---|---:|").append("---:|".repeat(maxK)).append('\n');
        for (LabelScore l : r.perLabel().subList(0, Math.min(MARKDOWN_LABELS, r.perLabel().size()))) {
            sb.append("| ").append(md(l.label())).append(l.inIndex() ? "" : " (not in train)").append(" | ")
                    .append(l.queries()).append(" |");
            for (int k = 1; k <= maxK; k++) {
                sb.append(String.format(Locale.ROOT, " %.4f |", l.at(k)));
            }
            sb.append('\n');
        }
        sb.append('\n');
        if (!r.confusions().isEmpty()) {
            sb.append("### Most confused labels (top-1)\n\n");
            sb.append("| True label | Nearest training label | Queries | Examples (query → nearest training sentence) |\n");
            sb.append("|---|---|---:|---|\n");
            for (LabelConfusion c : r.confusions()) {
                List<String> ex = new ArrayList<>();
                for (LabelConfusion.Example x : c.examples()) {
                    ex.add("\"" + md(x.query()) + "\" → \"" + md(x.nearest()) + "\"");
                }
                sb.append("| ").append(md(c.trueLabel())).append(" | ").append(md(c.predictedLabel())).append(" | ")
                        .append(c.count()).append(" | ").append(String.join("<br>", ex)).append(" |\n");
            }
            sb.append('\n');
        }
    }

    private static String cacheWord(EmbeddingCache.Outcome o) {
        return switch (o) {
            case HIT -> "cached";
            case MISS -> "computed, now cached";
            case CORRUPT -> "cache entry damaged, recomputed";
            case BYPASSED -> "computed, cache off";
        };
    }

    /** Text safe inside a Markdown table cell. */
    static String md(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
