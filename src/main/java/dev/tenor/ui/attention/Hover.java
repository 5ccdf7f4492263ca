package dev.tenor.ui.attention;

/** The token under the mouse in the head view: in the left column (attending) or the right one (attended). */
public record Hover(Side side, int index) {

    public enum Side { LEFT, RIGHT }

    public static Hover left(int index) {
        return new Hover(Side.LEFT, index);
    }

    public static Hover right(int index) {
        return new Hover(Side.RIGHT, index);
    }
}
