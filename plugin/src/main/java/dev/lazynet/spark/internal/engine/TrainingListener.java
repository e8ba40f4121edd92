package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.Ranges;

/**
 * What watches or records a fit from the driver's training loop without being part of a step, in the
 * shape of DJL's {@code TrainingListener}: the divergence guard, the checkpoints, the progress log.
 */
interface TrainingListener {

    /** The fit starts, or resumes from a checkpoint, with {@code weights}. */
    default void onStart(float[] weights) {
    }

    /**
     * The driver has updated the weights for step {@code step} of {@code steps} in {@code epoch}, all from
     * 0; with local steps, for the round that ends with that step.
     *
     * @param lossSum the summed loss of the step's rows
     * @param grad the mean gradient the optimizer applied (with local steps, the averaged weights)
     * @param weights the weights after the update
     * @param ranges where a listener may run element-wise passes over the weights, as the update did
     */
    default void onStep(int epoch, int step, int steps, double lossSum, float[] grad, float[] weights,
            Ranges ranges) {
    }

    /** Epoch {@code epoch} (from 0) has ended and is in the fit's history; {@code weights} are its result. */
    default void onEpoch(int epoch, float[] weights) {
    }
}
