package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.TrainingDivergedException;
import java.math.BigDecimal;
import java.util.Locale;
import org.apache.spark.annotation.Private;

/**
 * Stops a fit as soon as a step yields a non-finite loss, gradient or weight, keeping the weights from
 * before that step. Once a NaN is in the weights every later step is NaN too, so carrying on would only
 * spend the remaining epochs and leave a useless model.
 *
 * <p>It costs one pass over the gradient and the weights and one copy of the weights per step, on the
 * driver: small next to the driver's update, which reads and writes the same arrays.
 */
@Private
public final class DivergenceGuard implements TrainingListener {

    private final double stepSize;
    private final String optimizer;
    private final String checkpointHint;
    private float[] lastGood;

    /**
     * @param stepSize the fit's step size, which the message suggests lowering
     * @param optimizer the optimizer's name
     * @param checkpointHint where else good weights are kept, e.g. the checkpoint directory, or empty
     */
    public DivergenceGuard(double stepSize, String optimizer, String checkpointHint) {
        this.stepSize = stepSize;
        this.optimizer = optimizer;
        this.checkpointHint = checkpointHint;
    }

    /** Takes the weights a fit starts (or resumes) from as good. */
    @Override
    public void onStart(float[] weights) {
        lastGood = weights.clone();
    }

    /**
     * Checks one step's results once the optimizer has applied them, and remembers the weights if they
     * are good.
     *
     * @param epoch the epoch, from 0
     * @param step the step within the epoch, from 0
     * @param steps the steps per epoch
     * @param lossSum the summed loss of the step's rows
     * @param grad the mean gradient the optimizer applied
     * @param weights the weights after the update
     * @throws TrainingDivergedException naming epoch, step and what became non-finite, with the weights
     *     from before this step
     */
    @Override
    public void onStep(int epoch, int step, int steps, double lossSum, float[] grad, float[] weights) {
        if (Double.isFinite(lossSum) && nonFiniteCount(grad) == 0 && nonFiniteCount(weights) == 0) {
            System.arraycopy(weights, 0, lastGood, 0, weights.length);
            return;
        }
        String problem = Double.isFinite(lossSum) ? nonFinite(grad, "the gradient") : "the loss is " + lossSum;
        if (problem == null) {
            problem = nonFinite(weights, "the updated weights");
        }
        if (problem == null) {
            System.arraycopy(weights, 0, lastGood, 0, weights.length);
            return;
        }
        String where = checkpointHint.isEmpty() ? "" : ", and " + checkpointHint;
        throw new TrainingDivergedException(String.format(Locale.ROOT, "Training diverged in epoch %d, step %d of"
                + " %d: %s. The weights from before this step are kept in lastGoodWeights() of this exception%s."
                + " A step size too large for the data is the usual cause: try a smaller stepSize than %s with %s,"
                + " e.g. %s", epoch + 1, step + 1, steps, problem, where, stepSize, optimizer,
                BigDecimal.valueOf(stepSize).movePointLeft(1).doubleValue()),
                epoch + 1, step + 1, stepSize, lastGood);
    }

    /**
     * How many values are infinite or NaN: those whose exponent bits are all set. Without a branch per
     * value, so the check of every step stays a small part of the driver's update.
     */
    public static int nonFiniteCount(float[] values) {
        int count = 0;
        for (float value : values) {
            count += (Float.floatToRawIntBits(value) & 0x7f800000) == 0x7f800000 ? 1 : 0;
        }
        return count;
    }

    /** Describes the non-finite values of {@code values}, or returns {@code null} if all are finite. */
    private static String nonFinite(float[] values, String what) {
        int count = 0;
        int first = -1;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                count++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        return count == 0 ? null : what + " has " + count + " non-finite value" + (count == 1 ? "" : "s")
                + " (the first, at index " + first + ", is " + values[first] + ")";
    }
}
