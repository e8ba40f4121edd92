package dev.lazynet.spark.internal.engine;

import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.Sequential;
import dev.lazynet.spark.internal.data.FloatBlock;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.train.BatchGradient;
import dev.lazynet.train.RankTree;
import dev.lazynet.tensor.Seeds;
import java.util.List;
import dev.lazynet.train.TrainingStep;

/**
 * What one partition's steps need on an executor, kept from step to step of a fit: the network copy
 * with its layer buffers, the gradient-sum array, the partition's plan for the current epoch, and, with
 * {@code localSteps > 1}, the partition's own optimizer.
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
    /** The partition's own optimizer step and weights, made on the first call of {@link #localSteps}. */
    private TrainingStep localStep;
    private float[] local;

    PartitionWorker(NetworkRecipe recipe) {
        this.network = NetworkSpec.parse(recipe.spec());
        this.gradient = new BatchGradient(network, recipe.loss(), recipe.sampleShape());
        this.sum = new float[gradient.layout().size()];
    }

    /**
     * The partition's share of one step: the gradient sum and loss sum over its rows of the step's global
     * mini-batch, each row's weighted by its weight if the rows have weights, and the rows' weight, which
     * the driver divides the summed gradient by; or {@link PartialSum#EMPTY} if it has none.
     *
     * <p>The result's array is this worker's own and is overwritten by its next step. A job per step
     * serializes it before its task ends; in a one-job epoch in the driver's JVM the coordinator takes the
     * array itself and may add other shares into it. Either way the partition's next step starts only
     * after the driver has applied this one.
     */
    PartialSum step(FloatBlock block, float[] weights, StepPlan.Schedule schedule, int partition, int epoch,
            int step) {
        StepPlan plan = plan(schedule, epoch, partition);
        int from = plan.bounds[step];
        int to = plan.bounds[step + 1];
        if (from == to) {
            return PartialSum.EMPTY;
        }
        if (schedule.exact()) {
            return exactShare(block, weights, schedule, plan, partition, epoch, step);
        }
        NetworkRecipe.seedDropout(network, Seeds.mix(schedule.seed(), epoch, step, partition));
        double loss = TrainingStep.share(gradient, weights, block.features, block.targets, block.weights, plan.rows,
                from, to, sum);
        return new PartialSum(sum, loss, to - from, TrainingStep.weightOf(block.weights, plan.rows, from, to), 0);
    }

    /**
     * The share of one step with exact sums: each of the partition's rows of the step alone, its dropout
     * masks seeded from its global index, added into the step's rank tree; the nodes its rows leave
     * unfinished go to the driver, or the whole sum where the partition holds all the step's rows.
     */
    private PartialSum exactShare(FloatBlock block, float[] weights, StepPlan.Schedule schedule, StepPlan plan,
            int partition, int epoch, int step) {
        int from = plan.bounds[step];
        int to = plan.bounds[step + 1];
        long first = schedule.firsts()[partition];
        RankTree tree = new RankTree(schedule.rowsOf(step));
        gradient.setWeights(weights);
        double loss = gradient.accumulateRows(block.features, block.targets, block.weights, plan.rows, from, to,
                plan.firstRanks[step], tree,
                row -> NetworkRecipe.seedDropout(network, Seeds.mix(schedule.seed(), epoch, first + row)));
        List<RankTree.Node> unfinished = tree.pending();
        double weight = TrainingStep.weightOf(block.weights, plan.rows, from, to);
        return unfinished.isEmpty() ? new PartialSum(tree.result(), loss, to - from, weight, 0)
                : PartialSum.ofNodes(unfinished, loss, to - from, weight);
    }

    /**
     * Steps {@code [firstStep, lastStep)} of the epoch on this partition alone, as the single-JVM trainer
     * runs them but on the partition's share of each mini-batch, with this worker's own optimizer, which
     * keeps its state from one call to the next. Returns the resulting weights times the weight of the
     * rows used (their number when the rows are not weighted, so the driver's sum over partitions, divided
     * by the total weight, is the mean weighted by each partition's weight), the loss sum, the rows and
     * their weight; {@link PartialSum#EMPTY} if the partition has no rows in these steps.
     */
    PartialSum localSteps(FloatBlock block, float[] weights, StepPlan.Schedule schedule, int partition, int epoch,
            int firstStep, int lastStep, OptimizerSettings settings) {
        StepPlan plan = plan(schedule, epoch, partition);
        if (localStep == null) {
            localStep = settings.step(gradient.layout().trainableMask());
            local = new float[sum.length];
        }
        localStep.setStepSize(settings.stepSize());
        System.arraycopy(weights, 0, local, 0, local.length);
        double loss = 0;
        int rows = 0;
        double weight = 0;
        for (int step = firstStep; step < lastStep; step++) {
            int from = plan.bounds[step];
            int to = plan.bounds[step + 1];
            if (from == to) {
                continue;
            }
            NetworkRecipe.seedDropout(network, Seeds.mix(schedule.seed(), epoch, step, partition));
            loss += TrainingStep.share(gradient, local, block.features, block.targets, block.weights, plan.rows, from,
                    to, sum);
            double stepWeight = TrainingStep.weightOf(block.weights, plan.rows, from, to);
            localStep.apply(local, sum, to - from, stepWeight);
            rows += to - from;
            weight += stepWeight;
        }
        if (rows == 0) {
            return PartialSum.EMPTY;
        }
        float scale = (float) weight;
        for (int i = 0; i < sum.length; i++) {
            sum[i] = local[i] * scale;
        }
        return new PartialSum(sum, loss, rows, weight, 0);
    }

    /** The partition's plan for {@code epoch}, computed once per epoch. */
    private StepPlan plan(StepPlan.Schedule schedule, int epoch, int partition) {
        if (planEpoch != epoch) {
            plan = schedule.plan(epoch, partition);
            planEpoch = epoch;
        }
        return plan;
    }

    /** When this worker was last handed back, in {@link System#nanoTime()} units. */
    long lastUsed() {
        return lastUsed;
    }

    void markUsed(long nanos) {
        lastUsed = nanos;
    }
}
