package dev.tenor.ui.attention;

import dev.tenor.attention.EntityShift;
import dev.tenor.attention.MeanInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * The entity-attention shift over a FewRel file as a chart: for each layer and the rollout, one bar per
 * model (the share of attention on the head and tail entity tokens) with its 95% interval as a whisker,
 * and a dashed mark at the entity tokens' share of the words (evenly spread attention).
 */
public final class ShiftPane extends CanvasPane {

    static final double TOP = 80;
    static final double CHART = 240;
    static final double LEFT = 60;
    static final double BAR = 22;
    static final double GAP = 26;

    private EntityShift.Report report;
    private String title = "Entity-attention shift over FewRel";
    private String message = "Run to measure how much attention each model gives the entity tokens of FewRel "
            + "sentences (the first model is the base).";
    private double scale = 1;

    public ShiftPane(String id) {
        super(id);
    }

    /** Shows a report, or (with a null report) a message. */
    public void show(String newTitle, EntityShift.Report r, String why) {
        title = newTitle;
        report = r;
        message = why;
        repaint();
    }

    public EntityShift.Report report() {
        return report;
    }

    public String message() {
        return message;
    }

    /** The centre of model {@code m}'s bar for row {@code row}, in canvas coordinates. */
    public double[] barCentre(int row, int m) {
        double v = report.rows().get(row).entity().get(m).mean();
        double h = CHART * v / scale;
        return new double[] {barX(row, m) + BAR / 2, TOP + CHART - h / 2};
    }

    private double barX(int row, int m) {
        int models = report.models().size();
        return LEFT + row * (models * BAR + GAP) + m * BAR;
    }

    @Override
    protected void paint() {
        CanvasColors c = colors();
        int rows = report == null ? 0 : report.rows().size();
        int models = report == null ? 0 : report.models().size();
        double content = LEFT + rows * (models * BAR + GAP) + 20;
        double width = Math.max(paintWidth(300), content);
        double height = report == null ? 80 : TOP + CHART + 60 + 20 * rows;
        GraphicsContext g = titled(width, height, title);
        if (report == null || rows == 0) {
            g.fillText(message == null ? "" : message, 10, 44);
            return;
        }
        List<String> names = new ArrayList<>(report.models());
        if (!names.isEmpty()) {
            names.set(0, names.get(0) + " (base)");
        }
        BarChartFrame.legend(g, c, names, 34);
        g.fillText("share of attention on the head and tail entity tokens, mean and 95% interval over "
                + report.sentences() + " sentences; dashes: the entity tokens' share of the words", 10, 60);
        scale = 0;
        for (EntityShift.Row r : report.rows()) {
            scale = Math.max(scale, r.uniform().mean());
            for (MeanInterval i : r.entity()) {
                scale = Math.max(scale, i.high());
            }
        }
        scale = Math.max(0.05, Math.ceil(scale * 20) / 20);
        BarChartFrame.axis(g, c, LEFT, TOP, CHART, content - 10, scale);
        for (int row = 0; row < rows; row++) {
            EntityShift.Row r = report.rows().get(row);
            for (int m = 0; m < models; m++) {
                MeanInterval i = r.entity().get(m);
                double x = barX(row, m);
                double h = CHART * i.mean() / scale;
                g.setFill(ImportancePane.barColor(m));
                g.fillRect(x + 1, TOP + CHART - h, BAR - 2, h);
                g.setStroke(c.text());
                g.setLineWidth(1.5);
                double lo = TOP + CHART - CHART * i.low() / scale;
                double hi = TOP + CHART - CHART * i.high() / scale;
                g.strokeLine(x + BAR / 2, lo, x + BAR / 2, hi);
                g.strokeLine(x + BAR / 2 - 4, lo, x + BAR / 2 + 4, lo);
                g.strokeLine(x + BAR / 2 - 4, hi, x + BAR / 2 + 4, hi);
            }
            double uy = TOP + CHART - CHART * r.uniform().mean() / scale;
            g.setStroke(c.text());
            g.setLineWidth(1);
            g.setLineDashes(4, 3);
            g.strokeLine(barX(row, 0) - 3, uy, barX(row, 0) + models * BAR + 3, uy);
            g.setLineDashes(null);
            g.setFill(c.text());
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(r.view(), barX(row, 0) + models * BAR / 2.0, TOP + CHART + 14);
        }
        g.setTextAlign(TextAlignment.LEFT);
        double y = TOP + CHART + 40;
        for (EntityShift.Row r : report.rows()) {
            StringBuilder line = new StringBuilder(r.view()).append(":  ");
            for (int m = 0; m < models; m++) {
                line.append(m == 0 ? "" : "  ").append(format(r.entity().get(m)));
            }
            for (MeanInterval d : r.entityDifference()) {
                line.append(String.format(Locale.ROOT, "   change %+.3f [%+.3f, %+.3f]", d.mean(), d.low(), d.high()));
            }
            g.fillText(line.toString(), 10, y);
            y += 20;
        }
    }

    private static String format(MeanInterval i) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", i.mean(), i.low(), i.high());
    }

    /** Colour used for a model's bars (the same as the importance bars). */
    public static Color barColor(int m) {
        return ImportancePane.barColor(m);
    }
}
