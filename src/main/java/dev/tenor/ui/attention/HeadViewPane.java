package dev.tenor.ui.attention;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;

/**
 * One model's head view: paints a {@link HeadViewPicture} (with the pane's own hover in place of the
 * picture's) and tracks the token under the mouse.
 */
public final class HeadViewPane extends PicturePane<HeadViewPicture> {

    private HeadViewLayout layout;
    private Hover hover;
    private int linesDrawn;

    public HeadViewPane(String id) {
        super(id);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> setHover(layout == null ? null : layout.hit(e.getX(),
                e.getY())));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> setHover(null));
    }

    public HeadViewLayout headLayout() {
        return layout;
    }

    public Hover hover() {
        return hover;
    }

    /** Lines drawn by the last paint (tests and the hover check). */
    public int linesDrawn() {
        return linesDrawn;
    }

    private void setHover(Hover h) {
        HeadViewPicture p = picture();
        if (h != null && p != null && p.layer() != null && h.index() >= p.layer().size()) {
            h = null;
        }
        if (java.util.Objects.equals(h, hover)) {
            return;
        }
        hover = h;
        repaint();
    }

    @Override
    protected void paint(HeadViewPicture picture) {
        HeadViewPicture p = new HeadViewPicture(picture.title(), picture.layer(), picture.heads(),
                picture.layer() == null ? null : hover, colors(), picture.message());
        double label = p.layer() == null ? 60 : HeadViewPainter.labelWidth(p.layer().tokens());
        // Fixed proportions (also in the PNG export): as wide as the columns need, or the title.
        javafx.scene.text.Text title = new javafx.scene.text.Text(p.title());
        title.setFont(HeadViewPainter.TITLE_FONT);
        double width = Math.max(HeadViewLayout.contentWidth(label),
                title.getLayoutBounds().getWidth() + 2 * HeadViewLayout.MARGIN);
        layout = new HeadViewLayout(p.layer() == null ? 0 : p.layer().size(), width, label);
        canvas.setWidth(width);
        canvas.setHeight(Math.max(layout.height(), 80));
        GraphicsContext g = canvas.getGraphicsContext2D();
        linesDrawn = HeadViewPainter.paint(g, p, layout);
    }
}
