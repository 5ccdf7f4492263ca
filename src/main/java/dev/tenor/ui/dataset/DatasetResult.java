package dev.tenor.ui.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * A built or opened triplet dataset, as the Dataset tab shows it.
 *
 * @param folder the dataset folder
 * @param rows training triplets, then dev triplets
 * @param relations triplet counts per relation, in file order
 * @param summary one line of counts
 * @param highlighted whether entity spans could be located (the FewRel source was at hand)
 */
public record DatasetResult(Path folder, List<TripletRow> rows, List<RelationCount> relations, String summary,
                            boolean highlighted) {

    /** Triplets of one relation. */
    public record RelationCount(String relation, String name, int triplets, int devTriplets) {

        public String label() {
            return name == null || name.isEmpty() ? relation : name;
        }
    }

    public DatasetResult {
        rows = List.copyOf(rows);
        relations = List.copyOf(relations);
    }
}
