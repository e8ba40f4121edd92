package dev.lazynet.train;

import dev.lazynet.tensor.Tensor;

/**
 * A per-row loss, summed over a batch, each row optionally weighted.
 *
 * <p>Losses return sums, not means, so that partial sums from several partitions add up to the
 * batch's total; the trainer divides by the batch's weight (its number of rows when no row is weighted)
 * once. A row of weight {@code w} counts as the row given {@code w} times: its loss and its gradient
 * are multiplied by {@code w}.
 */
public interface Loss {

    /**
     * The sum over rows of the loss, and its gradient with respect to {@code output}.
     *
     * @param output the network's output, {@code (rows, k)}
     * @param targets {@code rows · targetWidth()} floats from {@code offset}, row-major
     * @param gradOutput receives d(sum)/d(output), same shape as {@code output} (overwritten)
     */
    default double sumAndGradient(Tensor output, float[] targets, int offset, Tensor gradOutput) {
        return sumAndGradient(output, targets, offset, null, 0, gradOutput);
    }

    /**
     * The weighted sum over rows of the loss, and its gradient with respect to {@code output}.
     *
     * @param output the network's output, {@code (rows, k)}
     * @param targets {@code rows · targetWidth()} floats from {@code offset}, row-major
     * @param weights one weight per row from {@code weightOffset}, or {@code null}: every row weighs 1
     * @param gradOutput receives d(sum)/d(output), same shape as {@code output} (overwritten)
     */
    double sumAndGradient(Tensor output, float[] targets, int offset, float[] weights, int weightOffset,
            Tensor gradOutput);

    /** The sum over rows of the loss, without a gradient. */
    default double sum(Tensor output, float[] targets, int offset) {
        return sum(output, targets, offset, null, 0);
    }

    /**
     * The weighted sum over rows of the loss, without a gradient.
     *
     * @param weights one weight per row from {@code weightOffset}, or {@code null}: every row weighs 1
     */
    double sum(Tensor output, float[] targets, int offset, float[] weights, int weightOffset);

    /** How many target floats each row has, given the network's output width. */
    int targetWidth(int outputWidth);
}
