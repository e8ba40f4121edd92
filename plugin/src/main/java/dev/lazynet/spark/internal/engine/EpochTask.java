package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.data.FloatBlock;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.PackedPartition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.VoidFunction;

/**
 * All steps of one epoch in one task, for one or more partitions: the task computes its partitions'
 * shares of a step ({@link PartitionWorker#step}), sends them to the driver's {@link StepCoordinator},
 * and waits for the next step's weights, until the coordinator says the epoch is done or tells it to
 * stop. On an executor, the tasks of the epoch there send their shares together ({@link ExecutorShares}).
 *
 * <p>A task serves several partitions when the cluster has fewer task slots than partitions, so that
 * all of the epoch's tasks run at once: each waits for the others at every step.
 */
final class EpochTask implements VoidFunction<Iterator<EpochTask.IndexedBlock>> {

    private static final long serialVersionUID = 1L;

    private final String fitId;
    private final NetworkRecipe recipe;
    private final String coordinator;
    private final StepPlan.Schedule schedule;
    private final int epoch;
    private final int allPartitions;
    private final boolean spin;

    /** A partition's training rows with the partition's index, which survives coalescing. */
    record IndexedBlock(int partition, FloatBlock block) {
    }

    /** Tags each cached block with its partition's index. */
    static final class Index implements Function2<Integer, Iterator<PackedPartition>, Iterator<IndexedBlock>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<IndexedBlock> call(Integer partition, Iterator<PackedPartition> blocks) {
            return List.of(new IndexedBlock(partition, blocks.next().train)).iterator();
        }
    }

    /**
     * @param fitId identifies the fit, whose workers the executors keep
     * @param coordinator the name of the driver's {@link StepCoordinator} endpoint
     * @param partitions how many partitions the epoch has, with or without training rows
     * @param spin whether tasks in the driver's JVM may spin while they wait ({@link StepChannel#open})
     */
    EpochTask(String fitId, NetworkRecipe recipe, String coordinator, StepPlan.Schedule schedule, int epoch,
            int partitions, boolean spin) {
        this.fitId = fitId;
        this.recipe = recipe;
        this.coordinator = coordinator;
        this.schedule = schedule;
        this.epoch = epoch;
        this.allPartitions = partitions;
        this.spin = spin;
    }

    @Override
    public void call(Iterator<IndexedBlock> blocks) {
        List<IndexedBlock> mine = new ArrayList<>();
        blocks.forEachRemaining(mine::add);
        int[] partitions = mine.stream().mapToInt(IndexedBlock::partition).toArray();
        PartitionWorker[] workers = new PartitionWorker[partitions.length];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = ExecutorWorkers.take(fitId, partitions[i], () -> new PartitionWorker(recipe));
        }
        try (StepChannel driver = StepChannel.open(coordinator, spin, allPartitions)) {
            long attempt = TaskContext.get().taskAttemptId();
            StepMessages.Reply reply = driver.join(attempt, partitions);
            while (reply.kind() == StepMessages.ReplyKind.WEIGHTS) {
                int step = reply.step();
                List<StepMessages.Share> shares = new ArrayList<>(partitions.length);
                for (int i = 0; i < partitions.length; i++) {
                    int partition = partitions[i];
                    InjectedFault.failIfArmed(epoch, step, partition);
                    shares.add(new StepMessages.Share(partition, workers[i].step(mine.get(i).block(),
                            reply.weights(), schedule, partition, epoch, step)));
                }
                reply = driver.shares(attempt, step, shares);
            }
        } finally {
            for (int i = 0; i < workers.length; i++) {
                ExecutorWorkers.giveBack(fitId, partitions[i], workers[i]);
            }
        }
    }
}
