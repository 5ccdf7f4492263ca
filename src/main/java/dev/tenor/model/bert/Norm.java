package dev.tenor.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Layer normalisation over the hidden axis; Hugging Face names its gain and shift weight and bias. */
final class Norm extends BertPart {

    private final Parameter weight;
    private final Parameter bias;
    private final Shape normalized;
    private final float eps;

    Norm(int hidden, double eps) {
        this.normalized = new Shape(hidden);
        this.eps = (float) eps;
        weight = param("weight", Parameter.Type.GAMMA, normalized);
        bias = param("bias", Parameter.Type.BETA, normalized);
    }

    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return LayerNorm.layerNorm(x, normalized, value(ps, weight, x, training), value(ps, bias, x, training), eps)
                .singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }
}
