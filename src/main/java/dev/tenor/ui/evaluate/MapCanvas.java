package dev.tenor.ui.evaluate;

import dev.tenor.eval.map.EmbeddingMap;
import dev.tenor.eval.map.MapColors;
import dev.tenor.eval.map.MapFrame;
import dev.tenor.eval.map.MapImage;
import java.util.Set;
import java.util.function.IntConsumer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.util.Duration;

/**
 * One map drawn on a canvas that fills its pane: points placed by {@link MapFrame} with the radius and colours
 * of the PNG export; a tooltip with the sentence and label of the point under the mouse; a click picks a point.
 */
final class MapCanvas extends Pane {

    /** How near (pixels) the mouse must be to a point to hover or pick it. */
    static final double PICK_RADIUS = 6;

    private final Canvas canvas = new Canvas();
    private final Tooltip tip = new Tooltip();
    private EmbeddingMap map;
    private MapColors colors;
    private Set<String> shown = Set.of();
    private int picked = -1;
    private int hovered = -1;

    MapCanvas(String id, IntConsumer onPick) {
        setId(id);
        canvas.setId(id + "-canvas");
        getChildren().add(canvas);
        setMinSize(200, 160);
        setPrefSize(MapImage.PANEL_WIDTH, MapImage.PANEL_HEIGHT);
        canvas.widthProperty().bind(widthProperty());
        canvas.heightProperty().bind(heightProperty());
        canvas.widthProperty().addListener(o -> draw());
        canvas.heightProperty().addListener(o -> draw());
        tip.setShowDelay(Duration.millis(80));
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        canvas.setOnMouseMoved(e -> hover(pointAt(e.getX(), e.getY()), e.getScreenX(), e.getScreenY()));
        canvas.setOnMouseExited(e -> hover(-1, 0, 0));
        canvas.setOnMouseClicked(e -> {
            int i = pointAt(e.getX(), e.getY());
            if (i >= 0) {
                onPick.accept(i);
            }
        });
    }

    Canvas canvas() {
        return canvas;
    }

    void show(EmbeddingMap m, MapColors c, Set<String> labels, int pick) {
        this.map = m;
        this.colors = c;
        this.shown = labels;
        this.picked = pick;
        draw();
    }

    /** The frame the points are drawn in now. */
    MapFrame frame() {
        return MapFrame.fit(map == null ? new float[0][] : map.points(), canvas.getWidth(), canvas.getHeight());
    }

    /** The shown point within {@link #PICK_RADIUS} of (x, y) on the canvas, or -1. */
    int pointAt(double x, double y) {
        if (map == null) {
            return -1;
        }
        boolean[] visible = new boolean[map.size()];
        for (int i = 0; i < visible.length; i++) {
            visible[i] = shown.contains(map.labels().get(i));
        }
        return frame().nearest(map.points(), visible, x, y, PICK_RADIUS);
    }

    /** Hover text of point {@code i}: the sentence and its label. */
    String hoverText(int i) {
        return "\u201c" + map.texts().get(i) + "\u201d\n" + map.labels().get(i);
    }

    private void hover(int i, double screenX, double screenY) {
        if (i == hovered) {
            return;
        }
        hovered = i;
        if (i < 0) {
            tip.hide();
            return;
        }
        tip.setText(hoverText(i));
        tip.show(canvas, screenX + 12, screenY + 12);
    }

    int hovered() {
        return hovered;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (map == null) {
            return;
        }
        MapFrame f = frame();
        double r = MapImage.POINT_RADIUS;
        for (int i = 0; i < map.size(); i++) {
            String label = map.labels().get(i);
            if (!shown.contains(label)) {
                continue;
            }
            float[] p = map.points()[i];
            g.setFill(Color.rgb((colors.rgb(label) >> 16) & 0xff, (colors.rgb(label) >> 8) & 0xff,
                    colors.rgb(label) & 0xff));
            g.fillOval(f.px(p[0]) - r, f.py(p[1]) - r, 2 * r, 2 * r);
        }
        if (picked >= 0 && picked < map.size()) {
            float[] p = map.points()[picked];
            g.setStroke(Color.BLACK);
            g.setLineWidth(2);
            g.strokeOval(f.px(p[0]) - 3 * r, f.py(p[1]) - 3 * r, 6 * r, 6 * r);
        }
    }
}
