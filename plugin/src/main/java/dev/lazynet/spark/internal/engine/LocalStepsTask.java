package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.data.FloatBlock;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.PackedPartition;
import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * One round of {@code localSteps > 1}, on the executor: the partition runs steps
 * {@code [firstStep, lastStep)} of the epoch on its own rows with its own optimizer, starting from the
 * broadcast weights, and returns its weights weighted by the rows it used.
 */
final class LocalStepsTask extends AbstractFunction2<TaskContext, Iterator<PackedPartition>, PartialSum>
        implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String fitId;
    private final NetworkRecipe recipe;
    private final OptimizerSettings optimizer;
    private final Broadcast<float[]> weights;
    private final StepPlan.Schedule schedule;
    private final int epoch;
    private final int firstStep;
    private final int lastStep;

    /**
     * @param optimizer builds the partition's optimizer the first time the partition's worker needs one
     */
    LocalStepsTask(String fitId, NetworkRecipe recipe, OptimizerSettings optimizer, Broadcast<float[]> weights,
            StepPlan.Schedule schedule, int epoch, int firstStep, int lastStep) {
        this.fitId = fitId;
        this.recipe = recipe;
        this.optimizer = optimizer;
        this.weights = weights;
        this.schedule = schedule;
        this.epoch = epoch;
        this.firstStep = firstStep;
        this.lastStep = lastStep;
    }

    @Override
    public PartialSum apply(TaskContext context, Iterator<PackedPartition> partitions) {
        int partition = context.partitionId();
        FloatBlock block = partitions.next().train;
        return ExecutorWorkers.run(fitId, partition, recipe, worker -> worker.localSteps(block, weights.value(),
                schedule, partition, epoch, firstStep, lastStep, optimizer));
    }
}
