package dev.tenor.data;

import java.util.Objects;

/**
 * Settings of a triplet build. One seed: every random choice of the build is derived from it.
 *
 * @param seed the seed of all random choices (dev split, cap, pairing)
 * @param devFraction share of each relation's instances held out for {@code dev.jsonl}, in [0, 0.5]; 0 = none
 * @param swap how entities are swapped
 * @param maxPerRelation at most this many triplets (training plus dev) per relation; 0 = no cap
 * @param detokenize write natural text instead of tokens joined by spaces
 */
public record TripletOptions(long seed, double devFraction, SwapMode swap, int maxPerRelation, boolean detokenize) {

    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_DEV_FRACTION = 0.05;

    public TripletOptions {
        Objects.requireNonNull(swap, "swap");
        if (!(devFraction >= 0 && devFraction <= 0.5)) {
            throw new IllegalArgumentException("dev fraction must be between 0 and 0.5, got " + devFraction);
        }
        if (maxPerRelation < 0) {
            throw new IllegalArgumentException("max per relation must be 0 (no cap) or more, got " + maxPerRelation);
        }
    }

    /** Seed 42, 5% dev, span swap, no cap, tokens joined by spaces. */
    public static TripletOptions defaults() {
        return new TripletOptions(DEFAULT_SEED, DEFAULT_DEV_FRACTION, SwapMode.SPAN, 0, false);
    }

    public TripletOptions withSeed(long value) {
        return new TripletOptions(value, devFraction, swap, maxPerRelation, detokenize);
    }

    public TripletOptions withDevFraction(double value) {
        return new TripletOptions(seed, value, swap, maxPerRelation, detokenize);
    }

    public TripletOptions withSwap(SwapMode value) {
        return new TripletOptions(seed, devFraction, value, maxPerRelation, detokenize);
    }

    public TripletOptions withMaxPerRelation(int value) {
        return new TripletOptions(seed, devFraction, swap, value, detokenize);
    }

    public TripletOptions withDetokenize(boolean value) {
        return new TripletOptions(seed, devFraction, swap, maxPerRelation, value);
    }
}
