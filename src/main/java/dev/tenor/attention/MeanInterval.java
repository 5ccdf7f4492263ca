package dev.tenor.attention;

/**
 * A mean over sentences with its 95% interval, {@code mean ± 1.96 s / sqrt(n)} (normal approximation;
 * the shift runs over hundreds of sentences). With one value the interval is that value.
 */
public record MeanInterval(double mean, double low, double high, int n) {

    public static MeanInterval of(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new MeanInterval(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new MeanInterval(mean, mean, mean, 1);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double half = 1.96 * Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
        return new MeanInterval(mean, mean - half, mean + half, n);
    }

    /** True when the interval lies wholly above or below zero. */
    public boolean excludesZero() {
        return low > 0 || high < 0;
    }
}
