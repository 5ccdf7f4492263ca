package dev.tenor.data;

/**
 * Which fields (JSON Lines) or header columns (CSV/TSV) hold the sentence and its label. A null
 * {@code label} means automatic: {@code label_text} when present, else {@code label} (MTEB's files carry
 * both; {@code label} may be an integer there).
 */
public record IntentColumns(String text, String label) {

    /** MTEB's names: {@code text}, and {@code label_text} or {@code label}. */
    public static final IntentColumns DEFAULT = new IntentColumns("text", null);

    /** Label names tried, in order, when {@code label} is null. */
    public static final String[] AUTO_LABELS = {"label_text", "label"};

    public IntentColumns {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the text column name is empty");
        }
        if (label != null && label.isBlank()) {
            throw new IllegalArgumentException("the label column name is empty");
        }
    }

    /** How the label column is described in messages and cache keys. */
    public String labelDescription() {
        return label != null ? label : String.join(" or ", AUTO_LABELS);
    }
}
