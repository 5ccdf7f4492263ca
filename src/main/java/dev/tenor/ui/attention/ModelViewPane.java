package dev.tenor.ui.attention;

import dev.tenor.attention.AttentionLayer;
import dev.tenor.attention.AttentionMath;
import dev.tenor.attention.HeadColors;
import dev.tenor.attention.Heatmap;
import java.util.function.BiConsumer;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.text.TextAlignment;

/**
 * One model's model view: a grid of layers x heads as small attention maps (each in its head's colour);
 * clicking one asks to enlarge it, clicking the enlarged map goes back to the grid.
 */
public final class ModelViewPane extends PicturePane<ModelViewPicture> {

    static final double LEFT = 34;
    static final double TOP = 30 + 18;
    static final double GAP = 4;

    private double cell;
    private BiConsumer<Integer, Integer> onPick = (l, h) -> { };

    public ModelViewPane(String id) {
        super(id);
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> click(e.getX(), e.getY()));
    }

    /** Called with (layer, head) when a map is clicked, (-1, -1) when the enlarged map is. */
    public void setOnPick(BiConsumer<Integer, Integer> onPick) {
        this.onPick = onPick;
    }

    /** Canvas coordinates of the centre of map ({@code layer}, {@code head}) in the grid. */
    public double[] cellCentre(int layer, int head) {
        return new double[] {LEFT + head * (cell + GAP) + cell / 2, TOP + layer * (cell + GAP) + cell / 2};
    }

    private void click(double x, double y) {
        ModelViewPicture p = picture();
        if (p == null || p.layers().isEmpty()) {
            return;
        }
        if (p.enlarged() != null) {
            onPick.accept(-1, -1);
            return;
        }
        int head = (int) ((x - LEFT) / (cell + GAP));
        int layer = (int) ((y - TOP) / (cell + GAP));
        if (x >= LEFT && y >= TOP && head < p.heads() && layer < p.layers().size()) {
            onPick.accept(layer, head);
        }
    }

    @Override
    protected void paint(ModelViewPicture picture) {
        CanvasColors c = colors();
        double width = paintWidth(300);
        if (picture.layers().isEmpty()) {
            GraphicsContext g = titled(width, 80, picture.title());
            g.fillText(picture.message() == null ? "" : picture.message(), 10, 44);
            return;
        }
        if (picture.enlarged() != null) {
            paintEnlarged(picture, c, width);
            return;
        }
        int heads = picture.heads();
        int layers = picture.layers().size();
        cell = Math.max(18, Math.min(90, (width - LEFT - 10) / heads - GAP));
        double height = TOP + layers * (cell + GAP) + 10;
        GraphicsContext g = titled(width, height, picture.title());
        g.setTextAlign(TextAlignment.CENTER);
        for (int h = 0; h < heads; h++) {
            g.fillText(heads == 1 ? "rollout" : "H" + (h + 1), LEFT + h * (cell + GAP) + cell / 2, TOP - 10);
        }
        g.setTextAlign(TextAlignment.RIGHT);
        for (int l = 0; l < layers; l++) {
            g.fillText("L" + (l + 1), LEFT - 6, TOP + l * (cell + GAP) + cell / 2);
        }
        g.setImageSmoothing(false);
        for (int l = 0; l < layers; l++) {
            AttentionLayer layer = picture.layers().get(l);
            for (int h = 0; h < heads; h++) {
                float[][] m = layer.heads()[h];
                int colour = heads == 1 ? CanvasColors.rgb(c.text()) : HeadColors.rgb(h);
                int[] argb = Heatmap.sequential(m, AttentionMath.maxAbs(m), colour);
                double x = LEFT + h * (cell + GAP);
                double y = TOP + l * (cell + GAP);
                g.setFill(c.grid());
                g.fillRect(x - 0.5, y - 0.5, cell + 1, cell + 1);
                g.setFill(c.background());
                g.fillRect(x, y, cell, cell);
                g.drawImage(MatrixPainter.image(argb, layer.size()), x, y, cell, cell);
            }
        }
    }

    private void paintEnlarged(ModelViewPicture picture, CanvasColors c, double width) {
        int layer = picture.enlarged()[0];
        int head = picture.enlarged()[1];
        AttentionLayer l = picture.layers().get(Math.min(layer, picture.layers().size() - 1));
        int h = Math.min(head, l.headCount() - 1);
        double height = 30 + 24 + MatrixPainter.height(l.tokens(), width - 20);
        GraphicsContext g = titled(width, height, picture.title());
        g.fillText("Layer " + (layer + 1) + (l.headCount() == 1 ? ", rollout" : ", head " + (h + 1))
                + "  (click to go back to all maps)", 10, 40);
        float[][] m = l.heads()[h];
        int colour = l.headCount() == 1 ? CanvasColors.rgb(c.text()) : HeadColors.rgb(h);
        MatrixPainter.paint(g, 10, 54, width - 20, l.tokens(), Heatmap.sequential(m, AttentionMath.maxAbs(m), colour),
                c);
    }
}
