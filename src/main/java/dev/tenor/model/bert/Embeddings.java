package dev.tenor.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tenor.model.BertConfig;

/** BERT's input layer: word + position + token-type embeddings, then layer norm (and dropout in training). */
final class Embeddings extends BertPart {

    private final Table words;
    private final Table positions;
    private final Table types;
    private final Norm norm;
    private final float dropout;

    Embeddings(BertConfig c, float dropout) {
        this.dropout = dropout;
        words = addChildBlock("word_embeddings", new Table(c.vocabSize(), c.hiddenSize()));
        positions = addChildBlock("position_embeddings", new Table(c.maxPositions(), c.hiddenSize()));
        types = addChildBlock("token_type_embeddings", new Table(c.typeVocabSize(), c.hiddenSize()));
        norm = addChildBlock("LayerNorm", new Norm(c.hiddenSize(), c.layerNormEps()));
    }

    /** @param ids [batch, tokens] int64; @param typeIds same shape */
    NDArray apply(ParameterStore ps, NDArray ids, NDArray typeIds, boolean training) {
        long tokens = ids.getShape().get(1);
        NDArray positionIds = ids.getManager().arange(0, (int) tokens, 1, DataType.INT64, ids.getDevice())
                .expandDims(0);
        NDArray sum = words.lookup(ps, ids, training)
                .add(positions.lookup(ps, positionIds, training))
                .add(types.lookup(ps, typeIds, training));
        NDArray out = norm.apply(ps, sum, training);
        return training && dropout > 0 ? Dropout.dropout(out, dropout, true).singletonOrThrow() : out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), training));
    }
}
