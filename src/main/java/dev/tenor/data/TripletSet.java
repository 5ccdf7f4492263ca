package dev.tenor.data;

import java.util.List;

/**
 * Built triplets in memory: the training triplets, the held-out dev triplets and the account of the build.
 * Triplets are ordered by relation (file order), then by anchor position.
 */
public record TripletSet(List<Triplet> triplets, List<Triplet> dev, DatasetStats stats) {

    public TripletSet {
        triplets = List.copyOf(triplets);
        dev = List.copyOf(dev);
    }
}
