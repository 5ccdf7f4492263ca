package dev.tenor.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** An embedding table: row lookup by integer id. */
final class Table extends BertPart {

    private final Parameter weight;

    Table(int rows, int dim) {
        weight = param("weight", Parameter.Type.WEIGHT, new Shape(rows, dim));
    }

    NDArray lookup(ParameterStore ps, NDArray ids, boolean training) {
        return Embedding.embedding(ids, value(ps, weight, ids, training), SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(lookup(ps, inputs.singletonOrThrow(), training));
    }
}
