package dev.lazynet.train;

import dev.lazynet.tensor.Tensor;

/**
 * A per-row loss, summed over a batch.
 *
 * <p>Losses return sums, not means, so that partial sums from several partitions add up to the
 * batch's total; the trainer divides by the number of rows once.
 */
public interface Loss {

    /**
     * The sum over rows of the loss, and its gradient with respect to {@code output}.
     *
     * @param output the network's output, {@code (rows, k)}
     * @param targets {@code rows · targetWidth()} floats from {@code offset}, row-major
     * @param gradOutput receives d(sum)/d(output), same shape as {@code output} (overwritten)
     */
    double sumAndGradient(Tensor output, float[] targets, int offset, Tensor gradOutput);

    /** The sum over rows of the loss, without a gradient. */
    double sum(Tensor output, float[] targets, int offset);

    /** How many target floats each row has, given the network's output width. */
    int targetWidth(int outputWidth);
}
