package dev.tenor.ui.attention;

import dev.tenor.attention.HeadChanges;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * Where training changed attention: a layers x heads grid, each cell as dark as its head's change (mean
 * Jensen–Shannon divergence of its rows) relative to the largest, the most changed head outlined and the
 * five largest named. A click on a cell opens that head (the tab shows it alone in the difference view).
 */
public final class ChangeGridPane extends PicturePane<ChangeGridPicture> {

    static final double TOP = 70;
    static final double LEFT = 70;
    static final double CELL = 34;

    private BiConsumer<Integer, Integer> onPick = (l, h) -> { };

    public ChangeGridPane(String id) {
        super(id);
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int[] cell = hit(e.getX(), e.getY());
            if (cell != null) {
                onPick.accept(cell[0], cell[1]);
            }
        });
    }

    /** Called with (layer, head) when a cell is clicked. */
    public void setOnPick(BiConsumer<Integer, Integer> pick) {
        onPick = pick;
    }

    /** The most changed head {@code [layer, head]}, outlined in the grid; null when nothing is shown. */
    public int[] marked() {
        HeadChanges ch = picture() == null ? null : picture().changes();
        if (ch == null || ch.layers() == 0) {
            return null;
        }
        HeadChanges.Cell top = ch.ranked().get(0);
        return new int[] {top.layer(), top.head()};
    }

    /** The centre of a cell, in canvas coordinates. */
    public double[] cellCentre(int layer, int head) {
        return new double[] {LEFT + head * CELL + CELL / 2, TOP + layer * CELL + CELL / 2};
    }

    private int[] hit(double x, double y) {
        HeadChanges ch = picture() == null ? null : picture().changes();
        if (ch == null) {
            return null;
        }
        int h = (int) Math.floor((x - LEFT) / CELL);
        int l = (int) Math.floor((y - TOP) / CELL);
        if (x < LEFT || y < TOP || l >= ch.layers() || h >= ch.heads()) {
            return null;
        }
        return new int[] {l, h};
    }

    /** The fill of a cell of {@code value} when {@code max} is the largest. */
    public static Color cellColor(CanvasColors c, float value, float max) {
        Color p = c.positive();
        double a = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
        return new Color(p.getRed(), p.getGreen(), p.getBlue(), a);
    }

    @Override
    protected void paint(ChangeGridPicture picture) {
        CanvasColors c = colors();
        HeadChanges ch = picture.changes();
        int layers = ch == null ? 0 : ch.layers();
        int heads = ch == null ? 0 : ch.heads();
        double width = Math.max(paintWidth(300), LEFT + heads * CELL + 240);
        double height = ch == null ? 80 : TOP + layers * CELL + 40;
        GraphicsContext g = titled(width, height, picture.title());
        if (ch == null) {
            g.fillText(picture.message() == null ? "" : picture.message(), 10, 44);
            return;
        }
        List<HeadChanges.Cell> ranked = ch.ranked();
        g.fillText("most changed: " + ranked.stream().limit(5).map(x -> String.format(Locale.ROOT,
                "L%d H%d %.4f", x.layer() + 1, x.head() + 1, x.divergence())).collect(Collectors.joining(", "))
                + "   (mean JS divergence of the rows; click a cell to open that head)", 10, 38);
        float max = ch.max();
        g.setTextAlign(TextAlignment.CENTER);
        for (int h = 0; h < heads; h++) {
            g.fillText("H" + (h + 1), LEFT + h * CELL + CELL / 2, TOP - 10);
        }
        for (int l = 0; l < layers; l++) {
            g.setTextAlign(TextAlignment.RIGHT);
            g.setFill(c.text());
            g.fillText("layer " + (l + 1), LEFT - 8, TOP + l * CELL + CELL / 2);
            for (int h = 0; h < heads; h++) {
                double x = LEFT + h * CELL;
                double y = TOP + l * CELL;
                g.setFill(cellColor(c, ch.divergence()[l][h], max));
                g.fillRect(x + 1, y + 1, CELL - 2, CELL - 2);
                g.setStroke(c.grid());
                g.setLineWidth(1);
                g.strokeRect(x + 0.5, y + 0.5, CELL - 1, CELL - 1);
            }
        }
        int[] top = marked();
        g.setStroke(c.text());
        g.setLineWidth(3);
        g.strokeRect(LEFT + top[1] * CELL + 1.5, TOP + top[0] * CELL + 1.5, CELL - 3, CELL - 3);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(c.text());
        g.fillText(String.format(Locale.ROOT, "darkest: %.4f (of at most ln 2 = 0.693)", max), LEFT,
                TOP + layers * CELL + 18);
    }
}
