package dev.tenor.attention;

/**
 * Operations on square attention matrices {@code [query row][key column]} whose rows are probability
 * distributions. Inputs are never modified; every result is a fresh array.
 */
public final class AttentionMath {

    private AttentionMath() {
    }

    /** The element-wise mean of the heads' matrices. */
    public static float[][] meanOfHeads(float[][][] heads) {
        boolean[] all = new boolean[heads.length];
        java.util.Arrays.fill(all, true);
        return meanOfHeads(heads, all);
    }

    /** The element-wise mean of the chosen heads' matrices; all zeros when none is chosen. */
    public static float[][] meanOfHeads(float[][][] heads, boolean[] chosen) {
        if (heads.length == 0) {
            throw new IllegalArgumentException("no heads");
        }
        int n = heads[0].length;
        float[][] out = new float[n][n];
        int count = 0;
        for (int h = 0; h < heads.length; h++) {
            if (h < chosen.length && chosen[h]) {
                count++;
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < n; c++) {
                        out[r][c] += heads[h][r][c];
                    }
                }
            }
        }
        if (count > 1) {
            for (float[] row : out) {
                for (int c = 0; c < n; c++) {
                    row[c] /= count;
                }
            }
        }
        return out;
    }

    /**
     * Attention rollout (Abnar and Zuidema, 2020): how much each token's state after layer {@code l}
     * draws on each input token, through all layers up to {@code l}. Per layer the heads are averaged;
     * with {@code residual} the identity is added for the skip connection ({@code 0.5 A + 0.5 I}) and rows
     * renormalised; then {@code R_0 = A_0} and {@code R_l = A_l R_(l-1)}.
     *
     * @param probabilities {@code [layer][head][row][col]}
     * @return {@code [layer][row][col]}: the rollout up to and including each layer
     */
    public static float[][][] rollout(float[][][][] probabilities, boolean residual) {
        int layers = probabilities.length;
        float[][][] out = new float[layers][][];
        float[][] acc = null;
        for (int l = 0; l < layers; l++) {
            float[][] a = meanOfHeads(probabilities[l]);
            if (residual) {
                for (int i = 0; i < a.length; i++) {
                    for (int j = 0; j < a.length; j++) {
                        a[i][j] = 0.5f * a[i][j] + (i == j ? 0.5f : 0f);
                    }
                }
                a = renormaliseRows(a);
            }
            acc = acc == null ? a : multiply(a, acc);
            out[l] = acc;
        }
        return out;
    }

    /**
     * The sub-matrix of the rows and columns in {@code keep} (in that order), each row renormalised to sum
     * to 1 so it reads as "of the attention that went to the kept tokens, how much went where". A row whose
     * kept entries are all zero stays zero.
     */
    public static float[][] select(float[][] matrix, int[] keep) {
        float[][] out = new float[keep.length][keep.length];
        for (int i = 0; i < keep.length; i++) {
            for (int j = 0; j < keep.length; j++) {
                out[i][j] = matrix[keep[i]][keep[j]];
            }
        }
        return renormaliseRows(out);
    }

    /** Each row divided by its sum; rows summing to zero are left as they are. */
    public static float[][] renormaliseRows(float[][] matrix) {
        float[][] out = new float[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            double sum = 0;
            for (float v : matrix[i]) {
                sum += v;
            }
            out[i] = matrix[i].clone();
            if (sum > 0) {
                for (int j = 0; j < out[i].length; j++) {
                    out[i][j] = (float) (out[i][j] / sum);
                }
            }
        }
        return out;
    }

    /** {@code a - b}, element-wise; both must have the same shape. */
    public static float[][] difference(float[][] a, float[][] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("matrices of " + a.length + " and " + b.length + " rows");
        }
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != b[i].length) {
                throw new IllegalArgumentException("row " + i + " has " + a[i].length + " and " + b[i].length
                        + " columns");
            }
            out[i] = new float[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = a[i][j] - b[i][j];
            }
        }
        return out;
    }

    /** The matrix product {@code a b} of two square matrices of equal size. */
    public static float[][] multiply(float[][] a, float[][] b) {
        int n = a.length;
        float[][] out = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                float aik = a[i][k];
                if (aik == 0f) {
                    continue;
                }
                float[] bk = b[k];
                float[] oi = out[i];
                for (int j = 0; j < n; j++) {
                    oi[j] += aik * bk[j];
                }
            }
        }
        return out;
    }

    /** The largest absolute value in the matrix (0 for an empty one). */
    public static float maxAbs(float[][] matrix) {
        float max = 0;
        for (float[] row : matrix) {
            for (float v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }
}
