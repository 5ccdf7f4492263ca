package dev.tenor.attention;

/**
 * One colour per attention head, as BertViz colours them (d3's category-10 palette, extended to twenty so
 * twelve- and sixteen-head models get distinct colours).
 */
public final class HeadColors {

    private static final int[] PALETTE = {
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
        0x393b79, 0xe6550d, 0x31a354, 0xad494a, 0x756bb1, 0x843c39, 0xce6dbd, 0x636363, 0x8ca252, 0x3182bd};

    private HeadColors() {
    }

    /** The head's colour as 0xRRGGBB; colours repeat after twenty heads. */
    public static int rgb(int head) {
        if (head < 0) {
            throw new IllegalArgumentException("head " + head);
        }
        return PALETTE[head % PALETTE.length];
    }

    /** The head's colour as {@code #rrggbb}. */
    public static String hex(int head) {
        return String.format("#%06x", rgb(head));
    }
}
