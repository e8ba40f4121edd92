package dev.lazynet.serve;

/**
 * A classifier's {@code thresholds}, with the meaning Spark's probabilistic classifiers give them: the
 * predicted class is the one with the largest {@code p / t}, its probability over its threshold, where a
 * threshold of 0 makes its class win. The Spark models' {@code transform} and the {@link Predictor} both
 * decide through this class, so that they agree on every row.
 */
public final class ClassThresholds {

    private ClassThresholds() {
    }

    /**
     * The predicted class of one row: the index of the largest {@code probability[j] / thresholds[j]},
     * counting a zero threshold as infinity; the first such index on ties, as Spark's {@code argmax}.
     *
     * @param probability the class probabilities
     * @param thresholds one threshold per class, checked by {@link #requireLength}
     */
    public static int predict(double[] probability, double[] thresholds) {
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < probability.length; j++) {
            double scaled = thresholds[j] == 0 ? Double.POSITIVE_INFINITY : probability[j] / thresholds[j];
            if (scaled > max) {
                max = scaled;
                best = j;
            }
        }
        return best;
    }

    /**
     * The class probabilities of the network outputs {@code raw[offset .. offset+n)}: their softmax in
     * double precision, shifted by the largest for stability, as {@code transform}'s {@code probability}
     * column has them.
     */
    public static double[] probabilities(float[] raw, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, raw[offset + j]);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            p[j] = Math.exp(raw[offset + j] - max);
            sum += p[j];
        }
        for (int j = 0; j < n; j++) {
            p[j] /= sum;
        }
        return p;
    }

    /**
     * Refuses thresholds whose length is not the number of classes, in the words of Spark's
     * {@code ProbabilisticClassificationModel}.
     *
     * @param thresholds the thresholds
     * @param numClasses the network's number of outputs
     * @param call what checks them, e.g. {@code LazyNetClassificationModel.transform()}
     * @throws IllegalArgumentException if the lengths differ
     */
    public static void requireLength(double[] thresholds, int numClasses, String call) {
        if (thresholds.length != numClasses) {
            throw new IllegalArgumentException(call + " called with non-matching numClasses and thresholds.length."
                    + " numClasses=" + numClasses + ", but thresholds has length " + thresholds.length
                    + "; give one threshold per class, or clear thresholds to predict the most probable class");
        }
    }
}
