package dev.lazynet.train;

import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Parameter;
import java.util.Arrays;
import java.util.List;

/**
 * One optimizer step of mini-batch training, in its two halves: a worker's {@linkplain #share share}
 * (the gradient sum over its rows of the batch, each row's gradient times its weight if the rows are
 * weighted, and the running statistics weighted by those rows) and the {@linkplain #apply update} once
 * the shares are summed (the gradient sum divided by the batch's weight to the optimizer, the
 * row-weighted mean of the running statistics to the weights).
 *
 * <p>The single-JVM trainer runs both halves on the whole batch; Spark runs the share on each partition
 * and the update on the driver. Both train through this one routine, so they train the same way by
 * construction, and differ only in how float sums are grouped.
 */
public final class TrainingStep {

    private final Optimizer optimizer;
    private final boolean[] trainable;
    private final double clipNorm;
    private final int[] statisticsRuns;
    private final float[] grad;

    /**
     * @param optimizer steps the weights
     * @param trainable which floats the optimizer updates; the others are running statistics
     */
    public TrainingStep(Optimizer optimizer, boolean[] trainable) {
        this(optimizer, trainable, 0);
    }

    /**
     * @param optimizer steps the weights
     * @param trainable which floats the optimizer updates; the others are running statistics
     * @param clipNorm the largest L2 norm the mean gradient may have before the optimizer sees it; 0 for
     *     no clipping
     * @throws IllegalArgumentException if {@code clipNorm} is negative or not finite
     */
    public TrainingStep(Optimizer optimizer, boolean[] trainable, double clipNorm) {
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be a finite number >= 0 (0: no clipping), but was "
                    + clipNorm);
        }
        this.optimizer = optimizer;
        this.trainable = trainable;
        this.clipNorm = clipNorm;
        boolean[] statistics = new boolean[trainable.length];
        for (int i = 0; i < trainable.length; i++) {
            statistics[i] = !trainable[i];
        }
        this.statisticsRuns = TrainableRuns.runs(statistics, statistics.length);
        this.grad = new float[trainable.length];
    }

    /** Sets the optimizer's step size for the following steps, as the fit's {@link StepSizeSchedule} has it. */
    public void setStepSize(double stepSize) {
        optimizer.setStepSize(stepSize);
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
        return share(gradient, weights, features, targets, null, order, from, to, sums);
    }

    /**
     * A worker's share of a step with weighted rows: as {@link #share(BatchGradient, float[], float[],
     * float[], int[], int, int, float[]) share}, each row's gradient times its weight.
     *
     * @param rowWeights one weight per row of {@code features}, or {@code null}: every row weighs 1
     * @return the weighted sum of the rows' losses
     */
    public static double share(BatchGradient gradient, float[] weights, float[] features, float[] targets,
            float[] rowWeights, int[] order, int from, int to, float[] sums) {
        gradient.setWeights(weights);
        Arrays.fill(sums, 0f);
        double loss = gradient.accumulate(features, targets, rowWeights, order, from, to, sums);
        addStatistics(gradient.layout(), sums, to - from);
        return loss;
    }

    /**
     * The weight of rows {@code order[from..to)}: their number when {@code rowWeights} is {@code null},
     * else the sum of their weights, added in double precision. The sum of n float weights is exact, and so
     * the same however the rows are split among workers, when the largest weight is less than
     * 2<sup>28</sup>/n times the smallest non-zero one (about 10<sup>6</sup> for a batch of 256 rows): every
     * partial sum then fits a double's 53 bits. Integer weights and weights of one scale are; past that
     * ratio, two splits of a batch may round its weight differently in the last bit.
     */
    public static double weightOf(float[] rowWeights, int[] order, int from, int to) {
        if (rowWeights == null) {
            return to - from;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += rowWeights[order[i]];
        }
        return sum;
    }

    /**
     * Updates {@code weights} from the shares of {@code rows} rows summed into {@code sums}: the mean
     * gradient, {@linkplain #clip clipped} to the clip norm if one is set, goes to the optimizer, and each
     * running statistic becomes its row-weighted mean.
     *
     * @return the mean gradient the optimizer applied, this step's own array, valid until the next call
     */
    public float[] apply(float[] weights, float[] sums, long rows) {
        return apply(weights, sums, rows, rows);
    }

    /**
     * Updates {@code weights} from the shares of {@code rows} rows of total weight {@code weight}: the
     * gradient sum divided by the weight (MLlib's convention for weighted rows, which is the mean gradient
     * when every row weighs 1), {@linkplain #clip clipped} to the clip norm if one is set, goes to the
     * optimizer, and each running statistic becomes its row-weighted mean. A batch of weight 0 has no
     * gradient to divide: it leaves the weights, the statistics and the optimizer's state as they are.
     *
     * @return the gradient the optimizer applied (zero when the batch's weight is 0), this step's own
     *     array, valid until the next call
     */
    public float[] apply(float[] weights, float[] sums, long rows, double weight) {
        return apply(weights, sums, rows, weight, Ranges.SEQUENTIAL);
    }

    /**
     * {@link #apply(float[], float[], long, double) apply}, its element-wise passes (the mean gradient
     * and the optimizer's update) over {@code ranges}, with bitwise the same result; clipping, which adds
     * up the whole gradient's norm in index order, runs on the calling thread.
     */
    public float[] apply(float[] weights, float[] sums, long rows, double weight, Ranges ranges) {
        if (weight == 0) {
            Arrays.fill(grad, 0f);
            return grad;
        }
        float scale = 1f / (float) weight;
        float statisticsScale = 1f / rows;
        float[] grad = this.grad;
        ranges.forEach(grad.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                grad[i] = sums[i] * scale;
            }
        });
        for (int r = 0; r < statisticsRuns.length; r += 2) {
            for (int i = statisticsRuns[r]; i < statisticsRuns[r + 1]; i++) {
                weights[i] = sums[i] * statisticsScale;
                grad[i] = 0f;
            }
        }
        if (clipNorm > 0) {
            clip(grad, clipNorm);
        }
        optimizer.step(weights, grad, trainable, ranges);
        return grad;
    }

    /**
     * Scales {@code grad} so that its L2 norm is at most {@code maxNorm} (Pascanu et al. 2013, "On the
     * difficulty of training recurrent neural networks"). The norm is summed in double precision in index
     * order, so a given gradient is always clipped to the same floats. A gradient whose norm is not finite
     * is left as it is, for the caller's divergence check to report rather than to be hidden by a zero
     * scale.
     */
    static void clip(float[] grad, double maxNorm) {
        double squares = 0;
        for (float g : grad) {
            squares += (double) g * g;
        }
        double norm = Math.sqrt(squares);
        if (norm > maxNorm && Double.isFinite(norm)) {
            float scale = (float) (maxNorm / norm);
            for (int i = 0; i < grad.length; i++) {
                grad[i] *= scale;
            }
        }
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
