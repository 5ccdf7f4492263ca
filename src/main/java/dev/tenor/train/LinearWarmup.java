package dev.tenor.train;

/**
 * Learning rate rising linearly from 0 over the warm-up steps, then falling linearly to 0 at the last
 * step: Hugging Face's {@code get_linear_schedule_with_warmup}, which sentence-transformers uses.
 */
public record LinearWarmup(double peak, int warmupSteps, int totalSteps) {

    public LinearWarmup {
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("need 0 <= warmup (" + warmupSteps + ") <= total steps (" + totalSteps
                    + ") and total >= 1");
        }
    }

    /** The rate for optimiser step {@code step} (0-based, as the scheduler sees it before its first step()). */
    public double rate(int step) {
        if (step < warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    }
}
