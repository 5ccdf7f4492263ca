package dev.tenor.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the BERT blocks: parameters carry Hugging Face's names ({@code weight}, {@code bias}) and the
 * shape the config expects, so weights load by name and a wrong file is caught before any compute.
 */
abstract class BertPart extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Map<Parameter, Shape> expectedShapes = new LinkedHashMap<>();

    BertPart() {
        super(VERSION);
    }

    /** Declares a parameter; its array is set by loading or {@link #initializeRandom}. */
    protected Parameter param(String name, Parameter.Type type, Shape shape) {
        Parameter p = addParameter(Parameter.builder().setName(name).setType(type).build());
        expectedShapes.put(p, shape);
        return p;
    }

    Map<Parameter, Shape> expectedShapes() {
        return expectedShapes;
    }

    /** The array of {@code p} on the device of {@code like}, as the parameter store hands it out. */
    protected static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** Sets every direct parameter to N(0, 0.02) weights, zero biases and unit layer-norm gains. */
    void initializeRandom(NDManager manager) {
        for (Map.Entry<Parameter, Shape> e : expectedShapes.entrySet()) {
            Parameter p = e.getKey();
            Shape s = e.getValue();
            NDArray a;
            if (p.getType() == Parameter.Type.GAMMA) {
                a = manager.ones(s);
            } else if (p.getType() == Parameter.Type.BIAS || p.getType() == Parameter.Type.BETA) {
                a = manager.zeros(s);
            } else {
                a = manager.randomNormal(0f, 0.02f, s, DataType.FLOAT32);
            }
            p.setArray(a);
        }
    }
}
