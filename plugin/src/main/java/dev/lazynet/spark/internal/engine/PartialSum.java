package dev.lazynet.spark.internal.engine;

import java.io.Serializable;

/**
 * A sum over some rows, as one task returns it and as the driver adds them up: a float array (gradient
 * sums, or for running statistics their row-weighted values), the loss sum, the row count, and the
 * count of correct predictions where that applies.
 */
final class PartialSum implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The sum over no rows: the identity of {@link #plus}. */
    static final PartialSum EMPTY = new PartialSum(null, 0, 0, 0);

    /** Per-float sums, or {@code null} when there are none. */
    final float[] values;
    final double loss;
    final long rows;
    final long correct;

    PartialSum(float[] values, double loss, long rows, long correct) {
        this.values = values;
        this.loss = loss;
        this.rows = rows;
        this.correct = correct;
    }

    /** The sum of both, reusing this one's array; neither is used afterwards. */
    PartialSum plus(PartialSum other) {
        float[] sum = values;
        if (sum == null) {
            sum = other.values;
        } else if (other.values != null) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += other.values[i];
            }
        }
        return new PartialSum(sum, loss + other.loss, rows + other.rows, correct + other.correct);
    }
}
