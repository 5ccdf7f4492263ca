package dev.tenor.ui.attention;

/**
 * A canvas pane that shows one immutable picture at a time: {@link #show} replaces it and repaints; nothing
 * is painted before the first.
 */
public abstract class PicturePane<P> extends CanvasPane {

    private P picture;

    protected PicturePane(String id) {
        super(id);
    }

    public void show(P p) {
        picture = p;
        repaint();
    }

    /** The picture shown, or null before the first. */
    public P picture() {
        return picture;
    }

    @Override
    protected final void paint() {
        if (picture != null) {
            paint(picture);
        }
    }

    /** Sizes the canvas and paints {@code picture}. */
    protected abstract void paint(P picture);
}
