/**
 * Retrieval evaluation of sentence embeddings: exact cosine search on the DJL engine (the ground truth),
 * approximate search through {@link dev.tenor.eval.annoy.AnnoyIndex}, and the intent protocol's metrics
 * (top-k accuracy, Annoy's recall against exact, per-label accuracy, confused label pairs).
 */
package dev.tenor.eval;
