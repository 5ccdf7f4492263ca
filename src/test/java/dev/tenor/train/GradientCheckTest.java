package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tenor.model.BertConfig;
import dev.tenor.model.DjlSetup;
import dev.tenor.model.FloatTensor;
import dev.tenor.model.NoGrad;
import dev.tenor.model.Pooler;
import dev.tenor.model.Pooling;
import dev.tenor.model.bert.BertEncoder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The encoder's gradients, as DJL's autograd computes them through Tenor's blocks, against central
 * finite differences of the same loss, in float64 on a tiny random BERT.
 */
class GradientCheckTest {

    static final BertConfig TINY = new BertConfig(50, 8, 2, 2, 16, 16, 2, 1e-12, "gelu");

    @Test
    void tripletLossGradientsMatchFiniteDifferences() {
        DjlSetup.init();
        Engine.getInstance().setRandomSeed(7);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, FloatTensor> weights = new java.util.LinkedHashMap<>();
            Random init = new Random(11);
            new BertEncoder(TINY).expectedShapesByName().forEach((name, shape) -> {
                float[] v = new float[(int) shape.size()];
                for (int i = 0; i < v.length; i++) {
                    // larger than BERT's 0.02 so every block contributes measurably; gains around 1
                    v[i] = name.contains("LayerNorm.weight") ? 0.5f + init.nextFloat()
                            : (float) (init.nextGaussian() * 0.3);
                }
                weights.put(name, new FloatTensor(shape.getShape(), v));
            });
            BertEncoder encoder = new BertEncoder(TINY);
            encoder.loadWeights(weights, m, java.nio.file.Path.of("tiny"), DataType.FLOAT64);
            Map<String, Parameter> params = encoder.namedParameters();
            for (Parameter p : params.values()) {
                p.getArray().setRequiresGradient(true);
            }
            ParameterStore ps = new ParameterStore(m, false);
            long[][] ids = {{1, 5, 9, 3, 2}, {1, 7, 2, 0, 0}, {1, 4, 4, 8, 2}, {1, 6, 2, 0, 0}, {1, 11, 12, 13, 2},
                    {1, 3, 2, 0, 0}};
            long[][] mask = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 1, 1, 1, 1},
                    {1, 1, 1, 0, 0}};
            TripletLoss loss = new TripletLoss(Distance.EUCLIDEAN, 5f); // margin large enough that no triplet is clipped

            double analyticLoss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = forwardLoss(encoder, ps, m, ids, mask, loss);
                analyticLoss = l.getDouble();
                gc.backward(l);
            }
            Random r = new Random(3);
            int checked = 0;
            double worst = 0;
            for (String name : List.of("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                    "embeddings.LayerNorm.weight", "encoder.layer.0.attention.self.query.weight",
                    "encoder.layer.0.attention.self.key.bias", "encoder.layer.0.attention.self.value.weight",
                    "encoder.layer.0.attention.output.dense.weight", "encoder.layer.1.intermediate.dense.weight",
                    "encoder.layer.1.output.dense.bias", "encoder.layer.1.output.LayerNorm.bias")) {
                NDArray w = params.get(name).getArray();
                double[] grad = w.getGradient().toDoubleArray();
                long size = w.size();
                for (int trial = 0; trial < 4; trial++) {
                    int i = name.startsWith("embeddings.word") ? new int[] {5, 7, 9, 12}[trial] * 8 + r.nextInt(8)
                            : r.nextInt((int) size);
                    double h = 1e-5;
                    double plus = perturbedLoss(encoder, ps, m, ids, mask, loss, w, i, h);
                    double minus = perturbedLoss(encoder, ps, m, ids, mask, loss, w, i, -h);
                    double numeric = (plus - minus) / (2 * h);
                    double err = Math.abs(numeric - grad[i]) / Math.max(1e-6, Math.abs(numeric) + Math.abs(grad[i]));
                    worst = Math.max(worst, err);
                    assertTrue(err < 1e-5 || Math.abs(numeric - grad[i]) < 1e-9,
                            name + "[" + i + "]: autograd " + grad[i] + " vs finite difference " + numeric);
                    checked++;
                }
            }
            assertTrue(analyticLoss > 0, "loss must be active for the check to mean anything");
            System.out.printf("gradient check: %d entries, worst relative error %.2e, loss %.6f%n", checked, worst,
                    analyticLoss);
        }
    }

    private static NDArray forwardLoss(BertEncoder encoder, ParameterStore ps, NDManager m, long[][] ids,
                                       long[][] mask, TripletLoss loss) {
        NDArray idArr = m.create(ids);
        NDArray maskArr = m.create(mask);
        NDList out = encoder.forward(ps, idArr, maskArr, idArr.zerosLike(), false, false);
        NDArray pooled = Pooler.pool(out.get(0), maskArr, Pooling.MEAN);
        NDArray a = pooled.get("0:2");
        NDArray p = pooled.get("2:4");
        NDArray n = pooled.get("4:6");
        return loss.compute(a, p, n);
    }

    private static double perturbedLoss(BertEncoder encoder, ParameterStore ps, NDManager m, long[][] ids,
                                        long[][] mask, TripletLoss loss, NDArray w, int index, double h) {
        try (NoGrad ignored = NoGrad.enter(); NDManager sub = m.newSubManager()) {
            NDArray flat = w.reshape(-1);
            double old = flat.getDouble(index);
            flat.set(new ai.djl.ndarray.index.NDIndex(index), old + h);
            double value = forwardLoss(encoder, ps, sub, ids, mask, loss).getDouble();
            flat.set(new ai.djl.ndarray.index.NDIndex(index), old);
            return value;
        }
    }

    static Shape shape(long... dims) {
        return new Shape(dims);
    }
}
