package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.TrainingDivergedException;
import dev.lazynet.train.Ranges;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.annotation.Private;

/**
 * Stops a fit as soon as a step yields a non-finite loss, gradient or weight, keeping the weights from
 * before that step. Once a NaN is in the weights every later step is NaN too, so carrying on would only
 * spend the remaining epochs and leave a useless model.
 *
 * <p>It costs one pass over the gradient and the weights per step, which copies the weights as it
 * checks them, on the driver: small next to the driver's update, which reads and writes the same arrays,
 * and split over the same ranges.
 */
@Private
public final class DivergenceGuard implements TrainingListener {

    private final OptimizerSettings optimizer;
    private final String initializer;
    private final String checkpointHint;
    private float[] lastGood;
    /** Where a step's weights are copied while they are checked, so that bad ones never reach {@link #lastGood}. */
    private float[] spare;

    /**
     * @param optimizer the fit's optimizer, step size and weight decay, which the message names as causes
     * @param initializer the fit's initializer in its text form, which the message names if its scale is
     *     large
     * @param checkpointHint where else good weights are kept, e.g. the checkpoint directory, or empty
     */
    public DivergenceGuard(OptimizerSettings optimizer, String initializer, String checkpointHint) {
        this.optimizer = optimizer;
        this.initializer = initializer;
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
    public void onStep(int epoch, int step, int steps, double lossSum, float[] grad, float[] weights,
            Ranges ranges) {
        if (Double.isFinite(lossSum) && rememberIfFinite(grad, weights, ranges)) {
            return;
        }
        String problem = Double.isFinite(lossSum) ? nonFinite(grad, "the gradient") : "the loss is " + lossSum;
        if (problem == null) {
            problem = nonFinite(weights, "the updated weights");
        }
        String where = checkpointHint.isEmpty() ? "" : ", and " + checkpointHint;
        throw new TrainingDivergedException(String.format(Locale.ROOT, "Training diverged in epoch %d, step %d of"
                + " %d: %s. The weights from before this step are kept in lastGoodWeights() of this exception%s. %s",
                epoch + 1, step + 1, steps, problem, where, likelyCause()), epoch + 1, step + 1, optimizer.stepSize(),
                lastGood);
    }

    /**
     * Checks the gradient and the weights and copies the weights, in one pass over {@code ranges}, into the
     * spare array, which becomes the last good weights if every value was finite; otherwise the last good
     * weights are left as they were, and it returns false.
     */
    private boolean rememberIfFinite(float[] grad, float[] weights, Ranges ranges) {
        if (spare == null || spare.length != weights.length) {
            spare = new float[weights.length];
        }
        float[] next = spare;
        AtomicBoolean nonFinite = new AtomicBoolean();
        ranges.forEach(weights.length, (from, to) -> {
            if (nonFiniteCount(grad, from, to) + nonFiniteCount(weights, from, to) > 0) {
                nonFinite.set(true);
            } else {
                System.arraycopy(weights, from, next, from, to - from);
            }
        });
        if (nonFinite.get()) {
            return false;
        }
        spare = lastGood;
        lastGood = next;
        return true;
    }

    /**
     * The settings that most likely made the fit diverge, and what to change: a weight decay or an
     * initial weight scale far above the usual ones is named first, since a smaller step size would only
     * delay the divergence they cause; otherwise the step size, the usual cause.
     */
    private String likelyCause() {
        double stepSize = optimizer.stepSize();
        double weightDecay = optimizer.weightDecay();
        List<String> causes = new ArrayList<>();
        // The penalty adds weightDecay times the weights to the gradient: from 1 on it outweighs the data's
        // gradient at any weight scale, and with sgd a decay step of stepSize * weightDecay >= 1 overshoots.
        if (weightDecay >= 1 || stepSize * weightDecay >= 1) {
            causes.add("weightDecay " + weightDecay + " is far above the usual 1e-5 to 1e-2, and the penalty it adds"
                    + " to the gradient grows with the weights: try a smaller weightDecay, e.g. "
                    + tenth(weightDecay) + ", or 0");
        }
        double scale = initialScale(initializer);
        if (scale >= 1) {
            causes.add("initializer " + initializer + " starts the weights at a scale of " + scale + ", far above"
                    + " the 1/sqrt(inputs) that keeps each layer's outputs at its inputs' scale: try xavier (the"
                    + " default) or kaiming, which scale by the layer's size");
        }
        if (!causes.isEmpty()) {
            return "The likely cause: " + String.join("; and ", causes);
        }
        return "A step size too large for the data is the usual cause: try a smaller stepSize than " + stepSize
                + " with " + optimizer.name() + ", e.g. " + tenth(stepSize) + "; features or labels of a large"
                + " scale cause it too: standardize them (e.g. with StandardScaler)";
    }

    private static double tenth(double value) {
        return BigDecimal.valueOf(value).movePointLeft(1).doubleValue();
    }

    /**
     * The scale of a fixed-scale initializer's weights ({@code constant(v)}, {@code uniform(s)},
     * {@code normal(s)}, {@code ones}); 0 for those that scale by the layer's size, and for {@code zeros}.
     */
    static double initialScale(String initializer) {
        String t = initializer.strip().toLowerCase(Locale.ROOT);
        if (t.equals("ones")) {
            return 1;
        }
        int open = t.indexOf('(');
        if (open < 0 || !t.endsWith(")")) {
            return 0;
        }
        String name = t.substring(0, open).strip();
        if (!List.of("constant", "uniform", "normal").contains(name)) {
            return 0;
        }
        return Math.abs(Double.parseDouble(t.substring(open + 1, t.length() - 1).strip()));
    }

    /**
     * How many values are infinite or NaN: those whose exponent bits are all set. Without a branch per
     * value, so the check of every step stays a small part of the driver's update.
     */
    public static int nonFiniteCount(float[] values) {
        return nonFiniteCount(values, 0, values.length);
    }

    /** How many of {@code values[from..to)} are NaN or infinite. */
    private static int nonFiniteCount(float[] values, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            count += (Float.floatToRawIntBits(values[i]) & 0x7f800000) == 0x7f800000 ? 1 : 0;
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
