package dev.lazynet.spark.internal.data;

import org.apache.spark.annotation.Private;

/** Turning a row of network outputs into class predictions. */
@Private
public final class Predictions {

    private Predictions() {
    }

    /** The index of the largest of {@code x[offset .. offset+n)}; the first one on ties. */
    public static int argmax(float[] x, int offset, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (x[offset + j] > x[offset + best]) {
                best = j;
            }
        }
        return best;
    }

    /** The softmax of {@code x[offset .. offset+n)} in double precision, shifted by the max for stability. */
    public static double[] softmax(float[] x, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[offset + j]);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            p[j] = Math.exp(x[offset + j] - max);
            sum += p[j];
        }
        for (int j = 0; j < n; j++) {
            p[j] /= sum;
        }
        return p;
    }

    /** The outputs as doubles, for an ML vector. */
    public static double[] toDouble(float[] x, int offset, int n) {
        double[] d = new double[n];
        for (int j = 0; j < n; j++) {
            d[j] = x[offset + j];
        }
        return d;
    }
}
