package dev.tenor.ui.attention;

import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.converter.ColorConverter;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * A scrollable canvas whose colours come from CSS ({@code -tenor-canvas-background}, {@code -tenor-canvas-text},
 * ...; see {@code .attention-view} in tenor.css), so a theme switch repaints it in the new palette. Subclasses
 * paint an immutable picture; the pane repaints when the picture, the width or the colours change.
 */
public abstract class CanvasPane extends Region {

    private static final List<CssMetaData<? extends Styleable, ?>> CSS;

    private final ObjectProperty<Color> background = color("-tenor-canvas-background", CanvasColors.LIGHT.background());
    private final ObjectProperty<Color> text = color("-tenor-canvas-text", CanvasColors.LIGHT.text());
    private final ObjectProperty<Color> grid = color("-tenor-canvas-grid", CanvasColors.LIGHT.grid());
    private final ObjectProperty<Color> hover = color("-tenor-canvas-hover", CanvasColors.LIGHT.hover());
    private final ObjectProperty<Color> positive = color("-tenor-canvas-positive", CanvasColors.LIGHT.positive());
    private final ObjectProperty<Color> negative = color("-tenor-canvas-negative", CanvasColors.LIGHT.negative());

    protected final Canvas canvas = new Canvas(10, 10);
    private final ScrollPane scroll = new ScrollPane(canvas);

    static {
        List<CssMetaData<? extends Styleable, ?>> all = new java.util.ArrayList<>(Region.getClassCssMetaData());
        for (String name : new String[] {"-tenor-canvas-background", "-tenor-canvas-text", "-tenor-canvas-grid",
                "-tenor-canvas-hover", "-tenor-canvas-positive", "-tenor-canvas-negative"}) {
            all.add(meta(name));
        }
        CSS = List.copyOf(all);
    }

    protected CanvasPane(String id) {
        setId(id);
        canvas.setId(id + "-canvas");
        getStyleClass().add("attention-view");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        getChildren().add(scroll);
        scroll.viewportBoundsProperty().addListener((o, was, now) -> {
            if (was == null || Math.abs(was.getWidth() - now.getWidth()) > 0.5) {
                repaint();
            }
        });
        for (var p : List.of(background, text, grid, hover, positive, negative)) {
            p.addListener((o, was, now) -> repaint());
        }
    }

    @Override
    protected void layoutChildren() {
        scroll.resizeRelocate(0, 0, getWidth(), getHeight());
    }

    @Override
    protected double computePrefWidth(double height) {
        return 420;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 500;
    }

    public Canvas canvas() {
        return canvas;
    }

    /** The colours in force now. */
    public CanvasColors colors() {
        return new CanvasColors(background.get(), text.get(), grid.get(), hover.get(), positive.get(), negative.get());
    }

    /** The width to paint at: the viewport's, at least {@code min}. */
    protected double paintWidth(double min) {
        double w = scroll.getViewportBounds() == null ? 0 : scroll.getViewportBounds().getWidth();
        return Math.max(min, w > 1 ? w : getWidth() > 1 ? getWidth() - 2 : 420);
    }

    /** Sizes the canvas and paints the current picture. */
    /**
     * Sizes the canvas, fills it with the background and writes {@code title} at the top left; returns the
     * context set for body text (left aligned, centred on its baseline, the views' font and text colour).
     */
    protected GraphicsContext titled(double width, double height, String title) {
        CanvasColors c = colors();
        canvas.setWidth(width);
        canvas.setHeight(height);
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(c.background());
        g.fillRect(0, 0, width, height);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(c.text());
        g.setFont(HeadViewPainter.TITLE_FONT);
        g.fillText(title, 10, 15);
        g.setFont(HeadViewPainter.FONT);
        return g;
    }

    public final void repaint() {
        paint();
    }

    protected abstract void paint();

    /** A snapshot of the whole canvas (also the part scrolled out of view). */
    public WritableImage image() {
        javafx.scene.SnapshotParameters p = new javafx.scene.SnapshotParameters();
        p.setFill(background.get());
        return canvas.snapshot(p, null);
    }

    private ObjectProperty<Color> color(String name, Color initial) {
        return new SimpleStyleableObjectProperty<>(metaOf(name), this, name, initial);
    }

    @SuppressWarnings("unchecked")
    private static CssMetaData<CanvasPane, Color> metaOf(String name) {
        for (CssMetaData<? extends Styleable, ?> m : CSS == null ? List.<CssMetaData<? extends Styleable, ?>>of()
                : CSS) {
            if (m.getProperty().equals(name)) {
                return (CssMetaData<CanvasPane, Color>) m;
            }
        }
        return meta(name);
    }

    private static CssMetaData<CanvasPane, Color> meta(String name) {
        return new CssMetaData<>(name, ColorConverter.getInstance(), Color.BLACK) {
            @Override
            public boolean isSettable(CanvasPane pane) {
                return true;
            }

            @Override
            @SuppressWarnings("unchecked")
            public StyleableProperty<Color> getStyleableProperty(CanvasPane pane) {
                return (StyleableProperty<Color>) pane.property(name);
            }
        };
    }

    private ObjectProperty<Color> property(String name) {
        return switch (name) {
            case "-tenor-canvas-background" -> background;
            case "-tenor-canvas-text" -> text;
            case "-tenor-canvas-grid" -> grid;
            case "-tenor-canvas-hover" -> hover;
            case "-tenor-canvas-positive" -> positive;
            default -> negative;
        };
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS;
    }
}
