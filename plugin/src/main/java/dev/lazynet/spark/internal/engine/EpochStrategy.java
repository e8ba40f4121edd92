package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.Ranges;

/**
 * How the steps of an epoch run on the cluster: a job per step ({@link JobPerStepEpochs}), the whole
 * epoch in one job ({@link OneJobEpochs}), or rounds of local steps ({@link LocalStepsEpochs}).
 */
interface EpochStrategy {

    /**
     * Runs epoch {@code epoch}'s steps, updating {@code weights} in place, and returns the sum of the
     * training rows' losses, each row's taken before its step's update.
     *
     * @param label names the epoch in the Spark UI
     */
    double run(int epoch, String label, float[] weights);

    /** The driver's update of one exact step, with whatever listens to it. */
    @FunctionalInterface
    interface Update {
        /**
         * Applies {@code total}, the sum of step {@code step}'s shares, to {@code weights}, the element-wise
         * passes over {@code ranges}.
         */
        void apply(int epoch, int step, PartialSum total, float[] weights, Ranges ranges);
    }
}
