package dev.tenor.eval.map;

/** Which sentences of a dataset the map shows. */
public enum MapSplit {
    /** The test sentences (the evaluation's queries). */
    TEST,
    /** The training sentences (the evaluation's index). */
    TRAIN
}
