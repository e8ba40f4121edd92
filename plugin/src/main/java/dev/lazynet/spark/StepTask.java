package dev.lazynet.spark;

import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Parameter;
import dev.lazynet.train.BatchGradient;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.broadcast.Broadcast;

/**
 * One partition's share of one optimizer step, on the executor: the gradient sum and loss sum over the
 * partition's rows in the step's global mini-batch.
 *
 * <p>The network is rebuilt from the recipe for every task rather than kept per thread: it costs little
 * next to the batch, and a task's result then depends only on the broadcast weights and its rows, never
 * on what the thread ran before.
 */
final class StepTask implements FlatMapFunction2<Iterator<PackedPartition>, Iterator<StepPlan>, PartialSum> {

    private static final long serialVersionUID = 1L;

    private final NetworkRecipe recipe;
    private final Broadcast<float[]> weights;
    private final long seed;
    private final int epoch;
    private final int step;

    /**
     * @param seed the fit's seed; with the epoch, step and partition it seeds the task's dropout masks
     */
    StepTask(NetworkRecipe recipe, Broadcast<float[]> weights, long seed, int epoch, int step) {
        this.recipe = recipe;
        this.weights = weights;
        this.seed = seed;
        this.epoch = epoch;
        this.step = step;
    }

    @Override
    public Iterator<PartialSum> call(Iterator<PackedPartition> partitions, Iterator<StepPlan> plans) {
        InjectedFault.failIfArmed(epoch, step);
        FloatBlock block = partitions.next().train;
        StepPlan plan = plans.next();
        int from = plan.bounds[step];
        int to = plan.bounds[step + 1];
        if (from == to) {
            return List.of(PartialSum.EMPTY).iterator();
        }
        float[] w = weights.value();
        BatchGradient worker = recipe.worker(w, Seeds.mix(seed, epoch, step, TaskContext.getPartitionId()));
        float[] sum = new float[w.length];
        double loss = worker.accumulate(block.features, block.targets, plan.rows, from, to, sum);
        addStatistics(worker.layout(), sum, to - from);
        return List.of(new PartialSum(sum, loss, to - from, 0)).iterator();
    }

    /**
     * Running statistics (e.g. batch normalization's) have no gradient; their slots carry the values the
     * forward pass left, times the rows, so the driver can set each to the row-weighted mean over tasks.
     */
    static void addStatistics(FlatParameters layout, float[] sum, int rows) {
        List<Parameter> params = layout.parameters();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (!p.isTrainable()) {
                float[] values = p.data().data();
                int offset = layout.offset(i);
                for (int j = 0; j < values.length; j++) {
                    sum[offset + j] = values[j] * rows;
                }
            }
        }
    }
}
