package dev.lazynet.train;

import dev.lazynet.tensor.Kernels;
import dev.lazynet.tensor.Tensor;

/**
 * Softmax cross-entropy computed from logits, {@code -log softmax(x)[y]}, through log-softmax so it
 * stays finite for any logit magnitude. Targets are class indices stored as floats.
 */
public final class SoftmaxCrossEntropy implements Loss {

    @Override
    public double sumAndGradient(Tensor output, float[] targets, int offset, float[] weights, int weightOffset,
            Tensor gradOutput) {
        int rows = output.shape().dim(0);
        int classes = output.shape().dim(1);
        float[] g = gradOutput.data();
        Kernels.logSoftmax(output.data(), g, rows, classes);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int y = label(targets[offset + r], classes, r);
            int base = r * classes;
            if (weights == null) {
                sum -= g[base + y];
                for (int j = 0; j < classes; j++) {
                    g[base + j] = (float) Math.exp(g[base + j]);
                }
                g[base + y] -= 1f;
            } else {
                float w = weights[weightOffset + r];
                sum -= weighted(w, g[base + y]);
                for (int j = 0; j < classes; j++) {
                    g[base + j] = (float) Math.exp(g[base + j]);
                }
                g[base + y] -= 1f;
                for (int j = 0; j < classes; j++) {
                    g[base + j] *= w;
                }
            }
        }
        return sum;
    }

    @Override
    public double sum(Tensor output, float[] targets, int offset, float[] weights, int weightOffset) {
        int rows = output.shape().dim(0);
        int classes = output.shape().dim(1);
        float[] logp = new float[rows * classes];
        Kernels.logSoftmax(output.data(), logp, rows, classes);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            float logProbability = logp[r * classes + label(targets[offset + r], classes, r)];
            sum -= weights == null ? logProbability : weighted(weights[weightOffset + r], logProbability);
        }
        return sum;
    }

    /**
     * A row's log-probability times its weight; a row of weight 0 counts for nothing even where its
     * log-probability underflowed to minus infinity.
     */
    private static double weighted(float weight, float logProbability) {
        return weight == 0 ? 0 : (double) weight * logProbability;
    }

    @Override
    public int targetWidth(int outputWidth) {
        return 1;
    }

    private static int label(float value, int classes, int row) {
        int y = (int) value;
        if (y != value || y < 0 || y >= classes) {
            throw new IllegalArgumentException("Row " + row + " of the batch has label " + value
                    + ", but labels must be whole numbers in [0, " + classes + ") for a network with "
                    + classes + " outputs");
        }
        return y;
    }

    @Override
    public String toString() {
        return "softmax cross-entropy";
    }
}
