package dev.tenor.model.onnx;

import dev.tenor.model.BertConfig;
import dev.tenor.model.FloatTensor;

import java.util.Map;

/**
 * A plain-Java BERT forward pass for one unpadded sentence, straight from the Hugging Face equations, in
 * double precision. Test-only: it checks that imported weights (names, transposes, config) reproduce ONNX
 * Runtime without involving DJL.
 */
final class NaiveBert {

    /** Last hidden state [tokens][hidden] and attention probabilities [layer][head][tokens][tokens]. */
    record Output(double[][] hidden, double[][][][] attention) {
    }

    private final BertConfig config;
    private final Map<String, FloatTensor> w;

    private final boolean tanhGelu;

    NaiveBert(OnnxBertWeights weights) {
        this.config = weights.config();
        this.w = weights.weights();
        // Hugging Face's names for the tanh approximation, spelled out here rather than taken from Tenor
        this.tanhGelu = java.util.Set.of("gelu_new", "gelu_pytorch_tanh", "gelu_fast").contains(config.hiddenAct());
    }

    Output forward(long[] ids, long[] typeIds) {
        int tokens = ids.length;
        int hidden = config.hiddenSize();
        double[][] x = new double[tokens][hidden];
        float[] word = w.get("embeddings.word_embeddings.weight").data();
        float[] pos = w.get("embeddings.position_embeddings.weight").data();
        float[] type = w.get("embeddings.token_type_embeddings.weight").data();
        for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < hidden; j++) {
                x[t][j] = (double) word[(int) ids[t] * hidden + j] + pos[t * hidden + j]
                        + type[(int) typeIds[t] * hidden + j];
            }
        }
        x = layerNorm(x, "embeddings.LayerNorm");
        double[][][][] attention = new double[config.numLayers()][][][];
        for (int layer = 0; layer < config.numLayers(); layer++) {
            String p = "encoder.layer." + layer + ".";
            double[][] q = linear(x, p + "attention.self.query");
            double[][] k = linear(x, p + "attention.self.key");
            double[][] v = linear(x, p + "attention.self.value");
            int heads = config.numHeads();
            int size = config.headSize();
            double scale = 1.0 / Math.sqrt(size);
            double[][] context = new double[tokens][hidden];
            attention[layer] = new double[heads][tokens][tokens];
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < tokens; i++) {
                    double[] row = attention[layer][h][i];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < tokens; j++) {
                        double s = 0;
                        for (int d = 0; d < size; d++) {
                            s += q[i][h * size + d] * k[j][h * size + d];
                        }
                        row[j] = s * scale;
                        max = Math.max(max, row[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < tokens; j++) {
                        row[j] = Math.exp(row[j] - max);
                        sum += row[j];
                    }
                    for (int j = 0; j < tokens; j++) {
                        row[j] /= sum;
                        for (int d = 0; d < size; d++) {
                            context[i][h * size + d] += row[j] * v[j][h * size + d];
                        }
                    }
                }
            }
            x = layerNorm(add(linear(context, p + "attention.output.dense"), x), p + "attention.output.LayerNorm");
            double[][] inner = linear(x, p + "intermediate.dense");
            for (double[] row : inner) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = tanhGelu ? 0.5 * row[j] * (1 + Math.tanh(Math.sqrt(2 / Math.PI)
                            * (row[j] + 0.044715 * row[j] * row[j] * row[j])))
                            : 0.5 * row[j] * (1 + erf(row[j] / Math.sqrt(2)));
                }
            }
            x = layerNorm(add(linear(inner, p + "output.dense"), x), p + "output.LayerNorm");
        }
        return new Output(x, attention);
    }

    /** y = x W^T + b with W stored [out, in] like a torch Linear. */
    private double[][] linear(double[][] x, String prefix) {
        FloatTensor weight = w.get(prefix + ".weight");
        float[] bias = w.get(prefix + ".bias").data();
        int out = (int) weight.shape()[0];
        int in = (int) weight.shape()[1];
        float[] wd = weight.data();
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double s = bias[o];
                int base = o * in;
                for (int i = 0; i < in; i++) {
                    s += x[t][i] * wd[base + i];
                }
                y[t][o] = s;
            }
        }
        return y;
    }

    private double[][] layerNorm(double[][] x, String prefix) {
        float[] gamma = w.get(prefix + ".weight").data();
        float[] beta = w.get(prefix + ".bias").data();
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (double v : x[t]) {
                mean += v;
            }
            mean /= x[t].length;
            double var = 0;
            for (double v : x[t]) {
                var += (v - mean) * (v - mean);
            }
            var /= x[t].length;
            double inv = 1.0 / Math.sqrt(var + config.layerNormEps());
            y[t] = new double[x[t].length];
            for (int j = 0; j < x[t].length; j++) {
                y[t][j] = (x[t][j] - mean) * inv * gamma[j] + beta[j];
            }
        }
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        for (int t = 0; t < a.length; t++) {
            for (int j = 0; j < a[t].length; j++) {
                a[t][j] += b[t][j];
            }
        }
        return a;
    }

    /** erf to about 1e-13: Maclaurin series near 0, Laplace's continued fraction for erfc further out. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double result;
        if (ax < 2.5) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 80; n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            result = 2 / Math.sqrt(Math.PI) * sum;
        } else if (ax > 8) {
            result = 1;
        } else {
            double f = ax;
            for (int n = 120; n >= 1; n--) {
                f = ax + (n / 2.0) / f;
            }
            result = 1 - Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * f);
        }
        return x < 0 ? -result : result;
    }
}
