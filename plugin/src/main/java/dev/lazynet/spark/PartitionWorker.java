package dev.lazynet.spark;

import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.Sequential;
import dev.lazynet.train.BatchGradient;
import java.util.Arrays;

/**
 * What one partition's steps need on an executor, kept from step to step of a fit: the network copy
 * with its layer buffers, the gradient-sum array, and the partition's plan for the current epoch.
 *
 * <p>Building these for every step cost more than the step's arithmetic: the network was parsed and
 * shaped again, and every layer buffer and the gradient sum were fresh arrays, whose first writes pay a
 * page fault per page. Reuse changes no result: each step sets all weights (running statistics
 * included) from the broadcast, restarts the dropout masks from the step's seed, and starts from a
 * zero gradient, so a step gives bitwise what a freshly built worker gives.
 *
 * <p>One task uses an instance at a time; {@link ExecutorWorkers} hands them out.
 */
final class PartitionWorker {

    private final Sequential network;
    private final BatchGradient gradient;
    private final float[] sum;
    private int planEpoch = -1;
    private StepPlan plan;
    private long lastUsed;

    PartitionWorker(NetworkRecipe recipe) {
        this.network = NetworkSpec.parse(recipe.spec());
        this.gradient = new BatchGradient(network, recipe.loss(), recipe.sampleShape());
        this.sum = new float[gradient.layout().size()];
    }

    /**
     * The partition's share of one step: the gradient sum and loss sum over its rows of the step's global
     * mini-batch, or {@link PartialSum#EMPTY} if it has none.
     *
     * <p>The result's array is this worker's own and is overwritten by its next step; Spark serializes a
     * task's result before the task ends, and the next step of the same partition starts only after the
     * driver has received it.
     *
     * @param dropoutSeed where the dropout masks of this step start
     */
    PartialSum step(FloatBlock block, float[] weights, StepPlan.Schedule schedule, int partition, int epoch,
            int step, long dropoutSeed) {
        if (planEpoch != epoch) {
            plan = schedule.plan(epoch, partition);
            planEpoch = epoch;
        }
        int from = plan.bounds[step];
        int to = plan.bounds[step + 1];
        if (from == to) {
            return PartialSum.EMPTY;
        }
        NetworkRecipe.seedDropout(network, dropoutSeed);
        gradient.setWeights(weights);
        Arrays.fill(sum, 0f);
        double loss = gradient.accumulate(block.features, block.targets, plan.rows, from, to, sum);
        StepTask.addStatistics(gradient.layout(), sum, to - from);
        return new PartialSum(sum, loss, to - from, 0);
    }

    /** When this worker was last handed back, in {@link System#nanoTime()} units. */
    long lastUsed() {
        return lastUsed;
    }

    void markUsed(long nanos) {
        lastUsed = nanos;
    }
}
