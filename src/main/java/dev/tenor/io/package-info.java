/**
 * Files done safely: atomic writes that never leave a half-written result and name the target when they fail
 * ({@link dev.tenor.io.WriteException}), JSON, following a growing file, Tenor's folders, and the exception
 * for input a user gave that cannot be used. Depends on nothing else in Tenor.
 */
package dev.tenor.io;
