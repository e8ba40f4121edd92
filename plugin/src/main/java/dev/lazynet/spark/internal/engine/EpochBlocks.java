package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.ScalaSerializable;
import dev.lazynet.spark.internal.SparkInternals;
import dev.lazynet.spark.internal.data.PackedData;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.Partition;
import org.apache.spark.SparkContext;
import org.apache.spark.annotation.Private;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.rdd.RDD;
import scala.Option;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The cached blocks as the tasks of a one-job epoch read them: only the partitions with training rows,
 * each tagged with its index, and, when they outnumber the cluster's task slots, grouped into as many
 * tasks as there are slots, with about equal rows per task. Every task of such an epoch waits for the
 * others at every step, so all of them must run at once, and the slowest sets the pace.
 *
 * @param blocks the tagged blocks, one partition per task
 * @param partitions how many partitions the packed data has, with or without training rows
 * @param tasks how many tasks an epoch runs
 * @param idle the partitions without training rows, which no task reads and whose shares are empty
 */
@Private
public record EpochBlocks(JavaRDD<EpochTask.IndexedBlock> blocks, int partitions, int tasks, int[] idle) {

    /** Lays out {@code data} for an epoch in one job on {@code sc}'s current task slots. */
    static EpochBlocks of(SparkContext sc, PackedData data) {
        int partitions = data.trainRows.length;
        int[] training = indices(data.trainRows, true);
        int[] idle = indices(data.trainRows, false);
        int slots = SparkInternals.get().maxConcurrentTasks(sc);
        int tasks = Math.max(1, Math.min(training.length, slots));

        RDD<EpochTask.IndexedBlock> tagged = data.blocks.mapPartitionsWithIndex(new EpochTask.Index(), true).rdd();
        RDD<EpochTask.IndexedBlock> kept = idle.length == 0 ? tagged
                : PartitionPruningRDD.create(tagged, new Keep(training, partitions));
        if (tasks < training.length) {
            int[] rows = Arrays.stream(training).map(p -> data.trainRows[p]).toArray();
            kept = kept.coalesce(tasks, false, Option.apply(new RowBalancedCoalescer(rows)), null);
        }
        return new EpochBlocks(JavaRDD.fromRDD(kept, ClassTag$.MODULE$.apply(EpochTask.IndexedBlock.class)),
                partitions, tasks, idle);
    }

    private static int[] indices(int[] rows, boolean withRows) {
        return java.util.stream.IntStream.range(0, rows.length).filter(p -> (rows[p] > 0) == withRows).toArray();
    }

    /** Keeps the partitions with training rows. */
    private static final class Keep extends AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final boolean[] kept;

        Keep(int[] training, int partitions) {
            kept = new boolean[partitions];
            for (int p : training) {
                kept[p] = true;
            }
        }

        @Override
        public Object apply(Object partition) {
            return kept[(Integer) partition];
        }
    }

    /**
     * Groups partitions so that each group's rows are about equal: the largest partition first, each into
     * the group with the fewest rows so far (ties to the lower index, so the grouping is the same every
     * time). A group prefers where its largest partition is cached.
     */
    public static final class RowBalancedCoalescer implements PartitionCoalescer, ScalaSerializable {
        private static final long serialVersionUID = 1L;
        private final int[] rows;

        /** @param rows the training rows of each partition of the RDD to coalesce, by its index */
        public RowBalancedCoalescer(int[] rows) {
            this.rows = rows;
        }

        @Override
        public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
            Partition[] parts = parent.partitions();
            int count = Math.min(maxPartitions, parts.length);
            List<Partition> largestFirst = new ArrayList<>(Arrays.asList(parts));
            largestFirst.sort(Comparator.comparingInt((Partition p) -> -rows[p.index()]).thenComparingInt(
                    Partition::index));
            long[] load = new long[count];
            PartitionGroup[] groups = new PartitionGroup[count];
            for (Partition part : largestFirst) {
                int lightest = 0;
                for (int g = 1; g < count; g++) {
                    if (load[g] < load[lightest]) {
                        lightest = g;
                    }
                }
                if (groups[lightest] == null) {
                    groups[lightest] = new PartitionGroup(parent.preferredLocations(part).headOption());
                }
                groups[lightest].partitions().$plus$eq(part);
                load[lightest] += rows[part.index()];
            }
            return groups;
        }
    }
}
