package dev.lazynet.tensor;

/**
 * Element-wise and row-wise kernels on raw float arrays.
 *
 * <p>They take arrays rather than tensors so the layers can run them on slices of reused buffers;
 * every loop here is linear in its input, the quadratic work goes through {@link Blas}.
 */
public final class Kernels {

    private Kernels() {
    }

    /** {@code out[i] = max(0, x[i])}; {@code out} may be {@code x}. */
    public static void relu(float[] x, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[i];
            out[i] = v > 0f ? v : 0f;
        }
    }

    /** {@code grad[i] = 0} where the ReLU output {@code y[i]} is not positive. */
    public static void reluBackward(float[] y, float[] grad, int n) {
        for (int i = 0; i < n; i++) {
            if (!(y[i] > 0f)) {
                grad[i] = 0f;
            }
        }
    }

    /** Logistic sigmoid, computed without overflow for large negative inputs. */
    public static void sigmoid(float[] x, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[i];
            if (v >= 0f) {
                out[i] = (float) (1.0 / (1.0 + Math.exp(-v)));
            } else {
                double e = Math.exp(v);
                out[i] = (float) (e / (1.0 + e));
            }
        }
    }

    /** {@code grad[i] *= y[i] (1 - y[i])}, with {@code y} the sigmoid output. */
    public static void sigmoidBackward(float[] y, float[] grad, int n) {
        for (int i = 0; i < n; i++) {
            grad[i] *= y[i] * (1f - y[i]);
        }
    }

    /** Hyperbolic tangent. */
    public static void tanh(float[] x, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = (float) Math.tanh(x[i]);
        }
    }

    /** {@code grad[i] *= 1 - y[i]²}, with {@code y} the tanh output. */
    public static void tanhBackward(float[] y, float[] grad, int n) {
        for (int i = 0; i < n; i++) {
            grad[i] *= 1f - y[i] * y[i];
        }
    }

    /** Adds {@code bias[j]} to column {@code j} of each of the {@code rows × cols} rows of {@code x}. */
    public static void addRowVector(float[] x, int rows, int cols, float[] bias) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                x[off + j] += bias[j];
            }
        }
    }

    /** {@code out[j] += Σ_r x[r][j]} over a {@code rows × cols} matrix: the bias gradient. */
    public static void sumRowsInto(float[] x, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += x[off + j];
            }
        }
    }

    /**
     * Row-wise softmax of a {@code rows × cols} matrix, stable for any magnitude: the row maximum is
     * subtracted before exponentiating. {@code out} may be {@code x}.
     */
    public static void softmax(float[] x, float[] out, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[off + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[off + j] - max);
                out[off + j] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < cols; j++) {
                out[off + j] *= inv;
            }
        }
    }

    /**
     * Row-wise log-softmax, {@code x - max - log Σ exp(x - max)}: finite even where softmax underflows to
     * zero. {@code out} may be {@code x}.
     */
    public static void logSoftmax(float[] x, float[] out, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[off + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(x[off + j] - max);
            }
            float logSum = (float) Math.log(sum);
            for (int j = 0; j < cols; j++) {
                out[off + j] = x[off + j] - max - logSum;
            }
        }
    }
}
