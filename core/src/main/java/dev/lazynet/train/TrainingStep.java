package dev.lazynet.train;

import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Parameter;
import java.util.Arrays;
import java.util.List;

/**
 * One optimizer step of mini-batch training, in its two halves: a worker's {@linkplain #share share}
 * (the gradient sum over its rows of the batch, and the running statistics weighted by those rows) and
 * the {@linkplain #apply update} once the shares are summed (the mean gradient to the optimizer, the
 * row-weighted mean of the running statistics to the weights).
 *
 * <p>The single-JVM trainer runs both halves on the whole batch; Spark runs the share on each partition
 * and the update on the driver. Both train through this one routine, so they train the same way by
 * construction, and differ only in how float sums are grouped.
 */
public final class TrainingStep {

    private final Optimizer optimizer;
    private final boolean[] trainable;
    private final int[] statisticsRuns;
    private final float[] grad;

    /**
     * @param optimizer steps the weights
     * @param trainable which floats the optimizer updates; the others are running statistics
     */
    public TrainingStep(Optimizer optimizer, boolean[] trainable) {
        this.optimizer = optimizer;
        this.trainable = trainable;
        boolean[] statistics = new boolean[trainable.length];
        for (int i = 0; i < trainable.length; i++) {
            statistics[i] = !trainable[i];
        }
        this.statisticsRuns = TrainableRuns.runs(statistics, statistics.length);
        this.grad = new float[trainable.length];
    }

    /**
     * A worker's share of a step: sets {@code weights}, and writes into {@code sums} the gradient sum over
     * rows {@code order[from..to)} and, in the running statistics' slots, the statistics the forward pass
     * left times the rows.
     *
     * @return the sum of the rows' losses
     */
    public static double share(BatchGradient gradient, float[] weights, float[] features, float[] targets,
            int[] order, int from, int to, float[] sums) {
        gradient.setWeights(weights);
        Arrays.fill(sums, 0f);
        double loss = gradient.accumulate(features, targets, order, from, to, sums);
        addStatistics(gradient.layout(), sums, to - from);
        return loss;
    }

    /**
     * Updates {@code weights} from the shares of {@code rows} rows summed into {@code sums}: the mean
     * gradient goes to the optimizer, and each running statistic becomes its row-weighted mean.
     *
     * @return the mean gradient the optimizer applied, this step's own array, valid until the next call
     */
    public float[] apply(float[] weights, float[] sums, long rows) {
        float scale = 1f / rows;
        for (int i = 0; i < grad.length; i++) {
            grad[i] = sums[i] * scale;
        }
        for (int r = 0; r < statisticsRuns.length; r += 2) {
            for (int i = statisticsRuns[r]; i < statisticsRuns[r + 1]; i++) {
                weights[i] = grad[i];
                grad[i] = 0f;
            }
        }
        optimizer.step(weights, grad, trainable);
        return grad;
    }

    /**
     * Running statistics (e.g. batch normalization's) have no gradient; their slots carry the values the
     * forward pass left, times the rows, so the update can set each to the row-weighted mean over shares.
     */
    private static void addStatistics(FlatParameters layout, float[] sums, int rows) {
        List<Parameter> params = layout.parameters();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (!p.isTrainable()) {
                float[] values = p.data().data();
                int offset = layout.offset(i);
                for (int j = 0; j < values.length; j++) {
                    sums[offset + j] = values[j] * rows;
                }
            }
        }
    }
}
