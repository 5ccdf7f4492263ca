package dev.tenor.train;

import java.util.Locale;

/**
 * {@code --merge-alpha}: whether and how much of the trained model is interpolated with its base after
 * training (WiSE-FT, {@link dev.tenor.model.WeightMerge}).
 *
 * @param value the trained model's weight in [0, 1]; NaN for {@code auto} and for {@code none}
 * @param auto try 0.1, 0.2, ... 1.0 on the validation sets and keep the best by {@code --select}'s rule
 */
public record MergeAlpha(double value, boolean auto) {

    public static final MergeAlpha NONE = new MergeAlpha(Double.NaN, false);
    public static final MergeAlpha AUTO = new MergeAlpha(Double.NaN, true);

    public MergeAlpha {
        if (!auto && !Double.isNaN(value) && !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("merge alpha must be between 0 and 1, got " + value);
        }
    }

    /** {@code none}, {@code auto} or a number in [0, 1]. */
    public static MergeAlpha parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return NONE;
        }
        if (t.equals("auto")) {
            return AUTO;
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not none, auto or a number between 0 and 1");
        }
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("must be none, auto or a number between 0 and 1 (got " + text + ")");
        }
        return new MergeAlpha(v, false);
    }

    public boolean none() {
        return !auto && Double.isNaN(value);
    }

    @Override
    public String toString() {
        return auto ? "auto" : none() ? "none" : Double.toString(value);
    }
}
