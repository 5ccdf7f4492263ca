/**
 * FewRel data and the triplet dataset built from it: reading the official FewRel format and
 * {@code pid2name.json}, building seeded anchor/positive/negative triplets by swapping entities, writing
 * and reading triplet files, and downloading the upstream files. Core code: no JavaFX, no printing.
 */
package dev.tenor.data;
