package dev.tenor.ui.evaluate;

import dev.tenor.eval.LabelAccuracy;
import java.util.Locale;

/** The comparison table as CSV and Markdown (best score of each column in bold in Markdown). */
public final class ReportExport {

    private ReportExport() {
    }

    /** One row per model: top-k for each k, queries, index size, seconds. */
    public static String csv(EvaluationReport r) {
        StringBuilder sb = new StringBuilder("model");
        for (int k = 1; k <= r.maxK(); k++) {
            sb.append(",top").append(k);
        }
        sb.append(",queries,index,seconds\n");
        for (EvaluationReport.ModelScores m : r.models()) {
            sb.append(csvField(m.model()));
            for (int k = 1; k <= r.maxK(); k++) {
                sb.append(',').append(String.format(Locale.ROOT, "%.4f", m.top(k)));
            }
            sb.append(',').append(r.queries()).append(',').append(r.indexSize()).append(',')
                    .append(String.format(Locale.ROOT, "%.1f", m.elapsed().toMillis() / 1000.0)).append('\n');
        }
        return sb.toString();
    }

    /** A Markdown report: the comparison table, then each model's weakest labels. */
    public static String markdown(EvaluationReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Intent retrieval: ").append(r.dataset()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%,d index sentences, %,d queries, %s.%n%n", r.indexSize(), r.queries(),
                r.index().describe()));
        sb.append("| model |");
        for (int k = 1; k <= r.maxK(); k++) {
            sb.append(" top-").append(k).append(" |");
        }
        sb.append("\n|---|");
        sb.append("---:|".repeat(r.maxK()));
        sb.append('\n');
        for (EvaluationReport.ModelScores m : r.models()) {
            sb.append("| ").append(m.model().replace("|", "\\|")).append(" |");
            for (int k = 1; k <= r.maxK(); k++) {
                String v = String.format(Locale.ROOT, "%.3f", m.top(k));
                boolean best = m.top(k) == r.best(k) && r.models().size() > 1;
                sb.append(' ').append(best ? "**" + v + "**" : v).append(" |");
            }
            sb.append('\n');
        }
        for (EvaluationReport.ModelScores m : r.models()) {
            sb.append("\n## ").append(m.model()).append(": weakest labels (top-1)\n\n");
            sb.append("| label | queries | correct | accuracy |\n|---|---:|---:|---:|\n");
            int n = 0;
            for (LabelAccuracy a : m.perLabel()) {
                if (n++ == 10) {
                    break;
                }
                sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f |%n", a.label(), a.queries(),
                        a.correct(), a.accuracy()));
            }
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
