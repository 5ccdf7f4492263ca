package dev.tenor.eval.map;

/** How the embeddings are brought down to two dimensions. */
public enum MapMethod {
    /** The first two principal axes: linear, global distances kept as far as two axes can. */
    PCA,
    /** Uniform manifold approximation: local neighbourhoods kept, clusters pulled apart. */
    UMAP
}
