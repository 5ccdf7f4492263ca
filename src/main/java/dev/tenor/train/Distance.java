package dev.tenor.train;

import ai.djl.ndarray.NDArray;
import dev.tenor.model.Scalars;

/** Distance between embedding rows, as sentence-transformers' {@code TripletDistanceMetric} defines it. */
public enum Distance {
    /** {@code F.pairwise_distance(x, y, p=2)}: L2 norm of {@code x - y + 1e-6}. */
    EUCLIDEAN,
    /** {@code 1 - cosine_similarity(x, y)}. */
    COSINE,
    /** {@code F.pairwise_distance(x, y, p=1)}: L1 norm of {@code x - y + 1e-6}. */
    MANHATTAN;

    /** torch's pairwise_distance adds this to the difference so the norm's gradient exists at zero. */
    private static final float PAIRWISE_EPS = 1e-6f;

    /** Row-wise distances [batch] between {@code x} and {@code y} [batch, dim]. */
    public NDArray between(NDArray x, NDArray y) {
        return switch (this) {
            case EUCLIDEAN -> x.sub(y).add(PAIRWISE_EPS).square().sum(new int[] {1}).sqrt();
            case MANHATTAN -> x.sub(y).add(PAIRWISE_EPS).abs().sum(new int[] {1});
            case COSINE -> {
                NDArray dot = x.mul(y).sum(new int[] {1});
                NDArray nx = x.norm(new int[] {1});
                NDArray ny = y.norm(new int[] {1});
                // torch.cosine_similarity clamps each norm at eps 1e-8
                yield dot.div(Scalars.maximum(nx, 1e-8f).mul(Scalars.maximum(ny, 1e-8f))).neg().add(1f);
            }
        };
    }

    /** Distance of two plain vectors, for evaluation on the Java side. */
    public double between(float[] x, float[] y) {
        switch (this) {
            case COSINE -> {
                double dot = 0;
                double nx = 0;
                double ny = 0;
                for (int i = 0; i < x.length; i++) {
                    dot += x[i] * y[i];
                    nx += x[i] * x[i];
                    ny += y[i] * y[i];
                }
                return 1 - dot / (Math.max(Math.sqrt(nx), 1e-8) * Math.max(Math.sqrt(ny), 1e-8));
            }
            case MANHATTAN -> {
                double s = 0;
                for (int i = 0; i < x.length; i++) {
                    s += Math.abs(x[i] - y[i] + PAIRWISE_EPS);
                }
                return s;
            }
            default -> {
                double s = 0;
                for (int i = 0; i < x.length; i++) {
                    double d = x[i] - y[i] + PAIRWISE_EPS;
                    s += d * d;
                }
                return Math.sqrt(s);
            }
        }
    }
}
