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
 * One partition's share of one optimizer step, on the executor: the gradient sum and loss sum over the
 * partition's rows in the step's global mini-batch.
 *
 * <p>It runs as the function of a job straight over the cached blocks ({@link TreeSum#sum}), so a step
 * builds no RDD of its own. The task carries only the broadcast handle, the schedule (a few ints per
 * partition), the recipe and the fit's id; the work runs on the partition's {@link PartitionWorker},
 * kept on the executor from one step to the next. A plain class rather than a lambda, because Spark
 * inspects every lambda it is given with its closure cleaner, which reads class files, once per job.
 */
final class StepTask extends AbstractFunction2<TaskContext, Iterator<PackedPartition>, PartialSum>
        implements Serializable {

    private static final long serialVersionUID = 2L;

    private final String fitId;
    private final NetworkRecipe recipe;
    private final Broadcast<float[]> weights;
    private final StepPlan.Schedule schedule;
    private final int epoch;
    private final int step;

    /**
     * @param fitId identifies the fit, whose workers the executors keep
     * @param schedule the fit's batch schedule; with the epoch, step and partition it also seeds the
     *     task's dropout masks
     */
    StepTask(String fitId, NetworkRecipe recipe, Broadcast<float[]> weights, StepPlan.Schedule schedule, int epoch,
            int step) {
        this.fitId = fitId;
        this.recipe = recipe;
        this.weights = weights;
        this.schedule = schedule;
        this.epoch = epoch;
        this.step = step;
    }

    @Override
    public PartialSum apply(TaskContext context, Iterator<PackedPartition> partitions) {
        int partition = context.partitionId();
        InjectedFault.failIfArmed(epoch, step, partition);
        FloatBlock block = partitions.next().train;
        return ExecutorWorkers.run(fitId, partition, recipe,
                worker -> worker.step(block, weights.value(), schedule, partition, epoch, step));
    }

    /** The job that ends a fit: drops the fit's workers on the executors it reaches. */
    static final class Release extends AbstractFunction2<TaskContext, Iterator<PackedPartition>, PartialSum>
            implements Serializable {

        private static final long serialVersionUID = 1L;

        private final String fitId;

        Release(String fitId) {
            this.fitId = fitId;
        }

        @Override
        public PartialSum apply(TaskContext context, Iterator<PackedPartition> partitions) {
            ExecutorWorkers.release(fitId);
            return PartialSum.EMPTY;
        }
    }
}
