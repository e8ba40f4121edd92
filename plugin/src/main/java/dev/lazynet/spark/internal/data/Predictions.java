package dev.lazynet.spark.internal.data;

import dev.lazynet.serve.ClassThresholds;
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

    /** The softmax of {@code x[offset .. offset+n)} in double precision, as the Spark-free Predictor has it. */
    public static double[] softmax(float[] x, int offset, int n) {
        return ClassThresholds.probabilities(x, offset, n);
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
