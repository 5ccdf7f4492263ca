package dev.tenor.data;

/**
 * An entry of the input file that is not a usable FewRel instance; it is counted as skipped.
 *
 * @param index the position of the entry in its relation's list in the input file
 * @param detail for people: where in the file and what is wrong
 */
public record InvalidInstance(int index, SkipReason reason, String detail) {
}
