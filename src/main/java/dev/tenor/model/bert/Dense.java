package dev.tenor.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A linear layer {@code y = x W^T + b} with Hugging Face's weight layout [out, in]. */
final class Dense extends BertPart {

    private final Parameter weight;
    private final Parameter bias;

    Dense(int in, int out) {
        weight = param("weight", Parameter.Type.WEIGHT, new Shape(out, in));
        bias = param("bias", Parameter.Type.BIAS, new Shape(out));
    }

    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return Linear.linear(x, value(ps, weight, x, training), value(ps, bias, x, training)).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }
}
