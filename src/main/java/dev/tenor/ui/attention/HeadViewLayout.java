package dev.tenor.ui.attention;

/**
 * Where the head view puts things: a title, the tokens in a left and a right column, lines between them.
 * Pure geometry (token label width measured by the caller), shared by painting and hit testing. The columns
 * stand a fixed {@link #COLUMN_GAP} apart, as BertViz draws them, whatever the pane's width: stretched to a
 * wide pane the lines go almost flat and their slopes can no longer be read.
 *
 * @param width the canvas width, at least {@link #contentWidth(double)}
 */
public record HeadViewLayout(int tokens, double width, double labelWidth) {

    public static final double TITLE = 30;
    public static final double ROW = 18;
    public static final double MARGIN = 10;
    public static final double PAD = 6;
    /** Space between the columns' labels, where the lines run (BertViz: about 150 px). */
    public static final double COLUMN_GAP = 150;

    /** The width the two columns and their lines take. */
    public static double contentWidth(double labelWidth) {
        return 2 * MARGIN + 2 * labelWidth + COLUMN_GAP;
    }

    public double height() {
        return TITLE + tokens * ROW + MARGIN;
    }

    /** Right edge of the left column's labels. */
    public double leftEdge() {
        return MARGIN + labelWidth;
    }

    /** Left edge of the right column's labels. */
    public double rightEdge() {
        return leftEdge() + COLUMN_GAP;
    }

    /** Vertical centre of token {@code i}'s row. */
    public double y(int i) {
        return TITLE + i * ROW + ROW / 2;
    }

    /** The token under {@code (x, y)}, or null. */
    public Hover hit(double x, double y) {
        if (y < TITLE || y >= TITLE + tokens * ROW) {
            return null;
        }
        int i = (int) ((y - TITLE) / ROW);
        if (x >= MARGIN - PAD && x <= leftEdge() + PAD) {
            return Hover.left(i);
        }
        if (x >= rightEdge() - PAD && x <= rightEdge() + labelWidth + PAD) {
            return Hover.right(i);
        }
        return null;
    }

    /** The centre of a token's label, for tests and tooltips. */
    public double[] labelCentre(Hover h) {
        double x = h.side() == Hover.Side.LEFT ? leftEdge() - labelWidth / 2 : rightEdge() + labelWidth / 2;
        return new double[] {x, y(h.index())};
    }
}
