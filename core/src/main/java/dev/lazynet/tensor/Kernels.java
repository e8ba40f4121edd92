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

    /**
     * {@code out[outOffset + i] = max(0, x[xOffset + i])} for {@code i < n}; {@code out} may be {@code x},
     * at the same offset. NaN stays NaN, as in PyTorch, so a diverging run shows instead of being hidden.
     */
    public static void relu(float[] x, int xOffset, float[] out, int outOffset, int n) {
        // Integer masks on the float's bits, which the JIT vectorizes: "v > 0 ? v : 0" is a branch that
        // random signs mispredict half the time, and Math.max(float) is a call with its own NaN and -0
        // branches on CPUs where it has no intrinsic. The sign bit, spread by the arithmetic shift, clears a
        // negative value (-0 included) to +0; a NaN, whose magnitude bits exceed those of infinity, keeps
        // its bits whatever its sign, exactly as Math.max(v, 0) returns it.
        for (int i = 0; i < n; i++) {
            int b = Float.floatToRawIntBits(x[xOffset + i]);
            int nan = (0x7f800000 - (b & 0x7fffffff)) >> 31;
            out[outOffset + i] = Float.intBitsToFloat(b & (~(b >> 31) | nan));
        }
    }

    /**
     * The ReLU backward pass: {@code out = grad} where the output {@code y} is positive, else +0. The
     * arrays are read from their offsets for {@code n} elements; {@code out} may be {@code grad}, at the
     * same offset.
     */
    public static void reluBackward(float[] y, int yOffset, float[] grad, int gradOffset, float[] out,
                                    int outOffset, int n) {
        // Branch-free for the reason given in relu. A float is positive exactly when its bits, read as an
        // int b, are positive, that is when -b and ~b both have the sign bit set; the arithmetic shift
        // turns that bit into an all-ones mask that keeps the gradient's bits, or a zero mask.
        for (int i = 0; i < n; i++) {
            int b = Float.floatToRawIntBits(y[yOffset + i]);
            int keep = (-b & ~b) >> 31;
            out[outOffset + i] = Float.intBitsToFloat(Float.floatToRawIntBits(grad[gradOffset + i]) & keep);
        }
    }

    /**
     * Logistic sigmoid, computed without overflow for large negative inputs; offsets and aliasing as in
     * {@link #relu}.
     */
    public static void sigmoid(float[] x, int xOffset, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOffset + i];
            if (v >= 0f) {
                out[outOffset + i] = (float) (1.0 / (1.0 + Math.exp(-v)));
            } else {
                double e = Math.exp(v);
                out[outOffset + i] = (float) (e / (1.0 + e));
            }
        }
    }

    /** {@code out = grad · y (1 - y)}, with {@code y} the sigmoid output; offsets as in {@link #reluBackward}. */
    public static void sigmoidBackward(float[] y, int yOffset, float[] grad, int gradOffset, float[] out,
                                       int outOffset, int n) {
        for (int i = 0; i < n; i++) {
            float v = y[yOffset + i];
            out[outOffset + i] = grad[gradOffset + i] * (v * (1f - v));
        }
    }

    /** Hyperbolic tangent; offsets and aliasing as in {@link #relu}. */
    public static void tanh(float[] x, int xOffset, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = (float) Math.tanh(x[xOffset + i]);
        }
    }

    /** {@code out = grad · (1 - y²)}, with {@code y} the tanh output; offsets as in {@link #reluBackward}. */
    public static void tanhBackward(float[] y, int yOffset, float[] grad, int gradOffset, float[] out,
                                    int outOffset, int n) {
        for (int i = 0; i < n; i++) {
            float v = y[yOffset + i];
            out[outOffset + i] = grad[gradOffset + i] * (1f - v * v);
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
            float max = rowMax(x, off, cols);
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

    /** The largest of the {@code cols} values of {@code x} from {@code off}. */
    private static float rowMax(float[] x, int off, int cols) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, x[off + j]);
        }
        return max;
    }

    /**
     * Row-wise log-softmax, {@code x - max - log Σ exp(x - max)}: finite even where softmax underflows to
     * zero. {@code out} may be {@code x}.
     */
    public static void logSoftmax(float[] x, float[] out, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            float max = rowMax(x, off, cols);
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
