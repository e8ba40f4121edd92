package dev.lazynet.train;

import dev.lazynet.tensor.Tensor;

/**
 * Squared error {@code Σ_j (output_j - target_j)²} per row; divided by the number of rows it is the
 * mean squared error of a one-output regression.
 */
public final class MeanSquaredError implements Loss {

    @Override
    public double sumAndGradient(Tensor output, float[] targets, int offset, Tensor gradOutput) {
        float[] o = output.data();
        float[] g = gradOutput.data();
        double sum = 0;
        for (int i = 0; i < o.length; i++) {
            float d = o[i] - targets[offset + i];
            sum += (double) d * d;
            g[i] = 2f * d;
        }
        return sum;
    }

    @Override
    public double sum(Tensor output, float[] targets, int offset) {
        float[] o = output.data();
        double sum = 0;
        for (int i = 0; i < o.length; i++) {
            double d = o[i] - targets[offset + i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public int targetWidth(int outputWidth) {
        return outputWidth;
    }

    @Override
    public String toString() {
        return "mean squared error";
    }
}
