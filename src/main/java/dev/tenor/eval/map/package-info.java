/**
 * The embedding map: a seeded 2-D projection (PCA or UMAP) of a split's sentence embeddings, coloured by
 * intent, cached like the embeddings themselves, with its nearest training sentences per point, and its CSV
 * and PNG exports. The projection library (Smile) is used by {@link dev.tenor.eval.map.SmileProjector} only.
 */
package dev.tenor.eval.map;
