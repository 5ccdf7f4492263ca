package dev.tenor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands for operations that autograd records. DJL's {@code x.mul(0.5f)} wraps the number in a
 * tensor over a Java direct buffer ({@code torch::from_blob}) and closes the wrapper at once. Autograd keeps
 * that tensor for the backward pass, but its memory belongs to the buffer, which the garbage collector frees
 * as soon as the wrapper is unreachable: a backward pass after a collection reads whatever reused those bytes
 * (gradients that differ from run to run and, now and then, NaN). The scalars made here are filled by torch
 * ({@code torch.full}) and owned by it, so autograd's reference keeps them valid.
 */
public final class Scalars {

    private Scalars() {
    }

    /** A 0-d tensor holding {@code value}, with {@code like}'s data type and device, in {@code like}'s manager. */
    public static NDArray of(NDArray like, float value) {
        NDArray s = like.getManager().full(new Shape(), value, like.getDataType());
        return s.getDevice().equals(like.getDevice()) ? s : s.toDevice(like.getDevice(), false);
    }

    /** {@code x * value}, safe for autograd. */
    public static NDArray mul(NDArray x, float value) {
        return x.mul(of(x, value));
    }

    /** {@code x / value}, safe for autograd. */
    public static NDArray div(NDArray x, float value) {
        return x.div(of(x, value));
    }

    /** {@code max(x, value)} elementwise, safe for autograd. */
    public static NDArray maximum(NDArray x, float value) {
        return x.maximum(of(x, value));
    }
}
