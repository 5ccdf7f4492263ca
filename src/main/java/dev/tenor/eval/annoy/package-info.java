/**
 * annoy4j: a small binding over the real Annoy C++ library (Spotify's approximate nearest neighbours),
 * as compiled in the {@code net.pishen:annoy4s} jar, called through JNA without any of its Scala code.
 * Only the angular metric is exposed; files are Annoy's native format, shared with Python's annoy.
 */
package dev.tenor.eval.annoy;
