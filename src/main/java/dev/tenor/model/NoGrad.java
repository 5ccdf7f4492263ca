package dev.tenor.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd off on this thread for a block of inference, like {@code torch.no_grad()}:
 * without it, inference on trainable weights (validation during training) would record a graph.
 */
public final class NoGrad implements AutoCloseable {

    private final boolean previous;
    private final boolean pytorch;

    private NoGrad() {
        pytorch = "PyTorch".equals(Engine.getInstance().getEngineName());
        previous = pytorch && JniUtils.isGradMode();
        if (pytorch) {
            JniUtils.setGradMode(false);
        }
    }

    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        if (pytorch) {
            JniUtils.setGradMode(previous);
        }
    }
}
