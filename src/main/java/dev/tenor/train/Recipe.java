package dev.tenor.train;

/** Which defaults a run starts from: Tenor's, or the seed scripts' recipe (see {@code docs/seed.md}). */
public enum Recipe {
    /** Tenor's defaults, chosen from the recipe comparison in {@code docs/recipes.md}. */
    TENOR,
    /** The seed scripts: TripletLoss margin 0.5 on Euclidean distance, no merge, batches in shuffled order. */
    SEED
}
