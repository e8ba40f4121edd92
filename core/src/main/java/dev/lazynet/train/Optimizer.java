package dev.lazynet.train;

import java.util.Locale;

/**
 * Updates a flat parameter array from the mean gradient of a batch.
 *
 * <p>Working on flat arrays lets the same optimizer serve the single-JVM trainer and the Spark
 * driver, which only ever sees the network as one {@code float[]}.
 */
public interface Optimizer {

    /**
     * One update of {@code params} in place.
     *
     * @param grad the mean gradient over the batch, same layout as {@code params}
     * @param trainable which floats may change ({@code null}: all), e.g. not running statistics
     */
    void step(float[] params, float[] grad, boolean[] trainable);

    /**
     * One update of {@code params} in place, its element-wise part over {@code ranges}, with bitwise the
     * result of {@link #step(float[], float[], boolean[])}; the optimizer's own state (its step count)
     * moves on once. By default the whole update runs on the calling thread.
     */
    default void step(float[] params, float[] grad, boolean[] trainable, Ranges ranges) {
        step(params, grad, trainable);
    }

    /**
     * Sets the step size of the following steps, as a {@link StepSizeSchedule} does at each epoch's start;
     * the state the optimizer keeps is not touched.
     *
     * @throws IllegalArgumentException if {@code stepSize} is not positive and finite
     */
    void setStepSize(double stepSize);

    /** The step size of the next step. */
    double stepSize();

    /** How many steps have been taken. */
    long steps();

    /** A snapshot of the state that later steps depend on, to save with the weights. */
    OptimizerState state();

    /**
     * Continues from a saved state: after it, the next {@link #step} makes the update the optimizer that
     * saved it would have made next (given the same hyperparameters).
     *
     * @throws IllegalArgumentException if the state is another optimizer's or its slots do not fit
     */
    void restore(OptimizerState state);

    /**
     * An optimizer by name with the usual defaults: {@code adam} (betas 0.9 and 0.999, epsilon 1e-8) or
     * {@code sgd} (momentum 0.9).
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones, or a step size or
     *     weight decay that is not a finite float32 in range (a step size of {@code 1e-300} is 0 as a float)
     */
    static Optimizer create(String name, double stepSize, double weightDecay) {
        if (!((float) stepSize > 0) || !Float.isFinite((float) stepSize)) {
            throw new IllegalArgumentException("stepSize must be a positive finite number as a float32, the"
                    + " precision of the weights' updates (from " + Float.MIN_VALUE + " to " + Float.MAX_VALUE
                    + "), but was " + stepSize);
        }
        if (!((float) weightDecay >= 0) || !Float.isFinite((float) weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0 and finite as a float32 (at most "
                    + Float.MAX_VALUE + "), but was " + weightDecay);
        }
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "adam" -> new Adam(stepSize, 0.9, 0.999, 1e-8, weightDecay);
            case "sgd" -> new Sgd(stepSize, 0.9, weightDecay);
            default -> throw new IllegalArgumentException("Unknown optimizer \"" + name + "\"; valid: adam, sgd");
        };
    }
}
