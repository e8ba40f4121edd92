package dev.lazynet.spark.internal.io;

import dev.lazynet.train.OptimizerState;
import java.util.List;
import java.util.Map;
import org.apache.spark.annotation.Private;

/**
 * Everything a fit needs to go on after {@code epoch} epochs as if it had never stopped: the weights,
 * the optimizer's state, the random state, the history the summary reports, and the configuration it
 * belongs to.
 *
 * <p>The random state is the seed and the next epoch: every draw of a fit (the batch order of each epoch,
 * each task's dropout masks) is derived from the seed and its position, never from a generator that
 * advances, so those two numbers restore it exactly.
 *
 * @param configuration what decides the weights (spec, input shape, seed, batch size, optimizer, ...), by
 *     name; a checkpoint is used only by a fit with the same
 * @param epoch the epochs done
 * @param seed the fit's seed
 * @param weights the flat weights after {@code epoch} epochs
 * @param optimizer the optimizer's state after them
 * @param history the summary's per-epoch lists up to then
 * @param bestWeights with early stopping, the weights of the epoch with the lowest validation loss so far
 *     (which the history's validation losses name); {@code null} without early stopping, and in checkpoints
 *     written before it existed
 */
@Private
public record Checkpoint(Map<String, String> configuration, int epoch, long seed, float[] weights,
        OptimizerState optimizer, History history, float[] bestWeights) {

    /** A checkpoint of a fit without early stopping. */
    public Checkpoint(Map<String, String> configuration, int epoch, long seed, float[] weights,
            OptimizerState optimizer, History history) {
        this(configuration, epoch, seed, weights, optimizer, history, null);
    }

    /**
     * The per-epoch lists a fit's summary reports.
     *
     * @param loss mean training loss per epoch
     * @param seconds wall-clock seconds per epoch
     * @param validationLoss mean validation loss per epoch, or empty
     * @param validationAccuracy validation accuracy per epoch, or empty
     */
    public record History(List<Double> loss, List<Double> seconds, List<Double> validationLoss,
            List<Double> validationAccuracy) {
    }
}
