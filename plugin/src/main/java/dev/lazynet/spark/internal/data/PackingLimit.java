package dev.lazynet.spark.internal.data;

import dev.lazynet.io.ByteSizes;
import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.annotation.Private;

/**
 * How many rows one packing task may hold, judged on the executor that runs it: a partition's packed
 * block, which is built at twice its size, must fit in the task's share of the JVM's heap. A partition
 * with more rows is refused before the rows that would not fit are copied, rather than ending in an
 * {@link OutOfMemoryError}; sparse vectors count at their dense size, since packing densifies them.
 *
 * @param tasksPerJvm tasks that pack at once in one executor (or, in local mode, the driver)
 */
@Private
public record PackingLimit(int tasksPerJvm) implements Serializable {

    /** Heap Spark reserves for itself in every JVM ({@code RESERVED_SYSTEM_MEMORY_BYTES}). */
    public static final long RESERVED_BYTES = 300L << 20;

    /** The bytes one task may use in a JVM whose maximum heap is {@code heap}. */
    public long taskShare(long heap) {
        return Math.max(0, heap - RESERVED_BYTES) / Math.max(1, tasksPerJvm);
    }

    /** The most rows of {@code rowFloats} floats a task may pack in a JVM whose maximum heap is {@code heap}. */
    public long maxRows(long rowFloats, long heap) {
        return taskShare(heap) / (2 * rowFloats * Float.BYTES);
    }

    /**
     * The refusal of partition {@code partition} of {@code column}, once it has more than {@code rows}
     * rows of {@code rowFloats} floats each.
     */
    public String refusal(String column, int partition, long rows, long rowFloats, long heap) {
        return String.format(Locale.ROOT, "Partition %d of column \"%s\" has more than %,d rows of %,d floats (%s"
                + " each once packed; sparse vectors are packed densely): packing %,d rows takes %s while the block"
                + " is built, the share of each of the %d tasks that run at once of this JVM's %s heap (after"
                + " Spark's reserve of %s). Reduce the features' width (e.g. fewer hash features: FeatureHasher's"
                + " numFeatures), raise spark.executor.memory (spark.driver.memory in local mode), or spread the"
                + " rows over more partitions (repartition)", partition, column, rows, rowFloats,
                ByteSizes.format(rowFloats * Float.BYTES), rows + 1, ByteSizes.format(2 * (rows + 1) * rowFloats
                        * Float.BYTES), tasksPerJvm, ByteSizes.format(heap), ByteSizes.format(RESERVED_BYTES));
    }
}
