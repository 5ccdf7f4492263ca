package dev.tenor.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd on for this thread for a block, the counterpart of {@link NoGrad}. Grad mode is
 * per thread in PyTorch: a {@code GradientCollector} turns it on only on the thread that opened it, so a
 * worker thread that runs a training forward pass for it must turn it on itself.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;
    private final boolean pytorch;

    private GradMode() {
        pytorch = "PyTorch".equals(Engine.getInstance().getEngineName());
        previous = pytorch && JniUtils.isGradMode();
        if (pytorch) {
            JniUtils.setGradMode(true);
        }
    }

    public static GradMode enter() {
        return new GradMode();
    }

    /** Whether autograd records on this thread now. */
    public static boolean isOn() {
        return "PyTorch".equals(Engine.getInstance().getEngineName()) && JniUtils.isGradMode();
    }

    @Override
    public void close() {
        if (pytorch) {
            JniUtils.setGradMode(previous);
        }
    }
}
