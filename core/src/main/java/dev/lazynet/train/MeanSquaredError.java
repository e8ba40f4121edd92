package dev.lazynet.train;

import dev.lazynet.tensor.Tensor;

/**
 * Squared error {@code Σ_j (output_j - target_j)²} per row, times the row's weight; divided by the
 * batch's weight (its number of rows when no row is weighted) it is the mean squared error of a
 * one-output regression.
 */
public final class MeanSquaredError implements Loss {

    @Override
    public double sumAndGradient(Tensor output, float[] targets, int offset, float[] weights, int weightOffset,
            Tensor gradOutput) {
        float[] o = output.data();
        float[] g = gradOutput.data();
        int width = output.shape().sizeFrom(1);
        double sum = 0;
        for (int i = 0; i < o.length; i++) {
            float d = o[i] - targets[offset + i];
            if (weights == null) {
                sum += (double) d * d;
                g[i] = 2f * d;
            } else {
                float w = weights[weightOffset + i / width];
                sum += (double) w * d * d;
                g[i] = 2f * d * w;
            }
        }
        return sum;
    }

    @Override
    public double sum(Tensor output, float[] targets, int offset, float[] weights, int weightOffset) {
        float[] o = output.data();
        int width = output.shape().sizeFrom(1);
        double sum = 0;
        for (int i = 0; i < o.length; i++) {
            double d = o[i] - targets[offset + i];
            sum += weights == null ? d * d : weights[weightOffset + i / width] * d * d;
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
