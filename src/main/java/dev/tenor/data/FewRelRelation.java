package dev.tenor.data;

import java.util.List;

/**
 * One relation of a FewRel file: its valid instances and the entries that could not be read as instances.
 *
 * @param id the relation's Wikidata property id, e.g. {@code P931}
 * @param size how many entries the relation's list in the file holds (valid plus invalid)
 */
public record FewRelRelation(String id, int size, List<FewRelInstance> instances, List<InvalidInstance> invalid) {

    public FewRelRelation {
        instances = List.copyOf(instances);
        invalid = List.copyOf(invalid);
        if (instances.size() + invalid.size() != size) {
            throw new IllegalArgumentException("relation " + id + ": " + instances.size() + " valid + "
                    + invalid.size() + " invalid != " + size);
        }
    }
}
