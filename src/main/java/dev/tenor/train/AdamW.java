package dev.tenor.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.tenor.model.FloatTensor;
import dev.tenor.model.NoGrad;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW exactly as {@code torch.optim.AdamW} computes it (decoupled weight decay, bias-corrected
 * moments), with weight decay skipped for biases and LayerNorm weights as sentence-transformers' fit()
 * does. Its moments can be exported and restored, so a resumed run continues bit for bit.
 */
public final class AdamW {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private int steps;

    public AdamW(double weightDecay) {
        this(0.9, 0.999, 1e-8, weightDecay);
    }

    public AdamW(double beta1, double beta2, double eps, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** Whether weight decay applies to a parameter, by its Hugging Face name. */
    public static boolean decays(String name) {
        return !(name.endsWith(".bias") || name.contains("LayerNorm"));
    }

    /** Optimiser steps taken so far. */
    public int steps() {
        return steps;
    }

    /**
     * One update of every parameter with its gradient, both keyed by name.
     *
     * @param gradScale factor applied to every gradient first (gradient-norm clipping)
     */
    public void step(Map<String, NDArray> params, Map<String, NDArray> grads, double lr, double gradScale) {
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, steps));
        double stepSize = lr / bc1;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                String name = e.getKey();
                NDArray p = e.getValue();
                NDArray g0 = grads.get(name);
                if (g0 == null) {
                    continue;
                }
                NDArray m = firstMoments.computeIfAbsent(name, k -> zerosLike(p));
                NDArray v = secondMoments.computeIfAbsent(name, k -> zerosLike(p));
                try (NDScope scope = new NDScope()) {
                    NDArray g = gradScale == 1.0 ? g0 : g0.mul(gradScale);
                    if (weightDecay != 0 && decays(name)) {
                        p.muli(1 - lr * weightDecay);
                    }
                    m.muli(beta1).addi(g.mul(1 - beta1));
                    v.muli(beta2).addi(g.square().muli(1 - beta2));
                    NDArray denom = v.sqrt().divi(bc2Sqrt).addi(eps);
                    p.subi(m.div(denom).muli(stepSize));
                }
            }
        }
    }

    private static NDArray zerosLike(NDArray p) {
        NDArray z = p.getManager().zeros(p.getShape(), p.getDataType(), p.getDevice());
        z.setName(null);
        return z;
    }

    /** The moments as plain tensors ({@code m.NAME}, {@code v.NAME}), for checkpoints. */
    public Map<String, FloatTensor> exportState() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        firstMoments.forEach((k, a) -> out.put("m." + k, new FloatTensor(a.getShape().getShape(), a.toFloatArray())));
        secondMoments.forEach((k, a) -> out.put("v." + k, new FloatTensor(a.getShape().getShape(), a.toFloatArray())));
        return out;
    }

    /** Restores moments and the step count saved by {@link #exportState()}. */
    public void restoreState(Map<String, FloatTensor> state, int stepCount, NDManager manager) {
        clear();
        steps = stepCount;
        state.forEach((k, t) -> {
            NDArray a = manager.create(t.data(), new Shape(t.shape()));
            if (k.startsWith("m.")) {
                firstMoments.put(k.substring(2), a);
            } else if (k.startsWith("v.")) {
                secondMoments.put(k.substring(2), a);
            }
        });
    }

    private void clear() {
        firstMoments.values().forEach(NDArray::close);
        secondMoments.values().forEach(NDArray::close);
        firstMoments.clear();
        secondMoments.clear();
    }
}
