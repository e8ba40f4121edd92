package dev.lazynet.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The driver's handle on the packed, cached input: the blocks stay on the executors, the driver keeps
 * one count per partition.
 */
final class PackedData implements AutoCloseable {

    /** One {@link PackedPartition} per input partition, cached. */
    final JavaRDD<PackedPartition> blocks;
    /** Global index of each partition's first training row. */
    final int[] trainOffsets;
    /** Training rows per partition. */
    final int[] trainRows;
    final int trainCount;
    final long validationCount;
    final long skipped;
    /** The description of the first skipped row, or {@code null}. */
    final String firstSkipped;
    /** The largest label kept, or -1. */
    final double maxLabel;

    private PackedData(JavaRDD<PackedPartition> blocks, List<PackedPartition.Stats> stats) {
        this.blocks = blocks;
        int partitions = stats.size();
        this.trainOffsets = new int[partitions];
        this.trainRows = new int[partitions];
        long total = 0;
        long held = 0;
        long dropped = 0;
        String first = null;
        double max = -1;
        for (int p = 0; p < partitions; p++) {
            PackedPartition.Stats s = stats.get(p);
            trainOffsets[p] = (int) total;
            trainRows[p] = s.trainRows();
            total += s.trainRows();
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("The dataset has more than " + (Integer.MAX_VALUE - 8)
                        + " training rows, more than one epoch's batch schedule can index; sample it down");
            }
            held += s.validationRows();
            dropped += s.skipped();
            first = first == null ? s.firstSkipped() : first;
            max = Math.max(max, s.maxLabel());
        }
        this.trainCount = (int) total;
        this.validationCount = held;
        this.skipped = dropped;
        this.firstSkipped = first;
        this.maxLabel = max;
    }

    /**
     * Validates and packs every row once and caches the blocks; one job, whose result is one small
     * {@link PackedPartition.Stats} per partition.
     *
     * @throws InvalidDataException for the first invalid row, unless the packer skips them
     * @throws IllegalArgumentException if no training row is left
     */
    static PackedData pack(Dataset<?> data, String featuresCol, String labelCol, RowPacker packer,
            String validationIndicatorCol) {
        List<Column> columns = new ArrayList<>(List.of(functions.col(featuresCol), functions.col(labelCol)));
        if (validationIndicatorCol != null) {
            columns.add(functions.col(validationIndicatorCol));
        }
        JavaRDD<PackedPartition> blocks = data.toDF().select(columns.toArray(new Column[0])).toJavaRDD()
                .mapPartitionsWithIndex(packer, true)
                .setName("LazyNet packed rows (" + featuresCol + ", " + labelCol + ")")
                .persist(StorageLevel.MEMORY_AND_DISK());
        data.sparkSession().sparkContext().setJobDescription("LazyNet: validating and packing rows of \""
                + featuresCol + "\" and \"" + labelCol + "\"");
        PackedData packed;
        try {
            packed = new PackedData(blocks, InvalidDataException.unwrap(() -> blocks.map(p -> p.stats).collect()));
        } catch (RuntimeException e) {
            blocks.unpersist(false);
            throw e;
        }
        if (packed.trainCount == 0) {
            packed.close();
            throw new IllegalArgumentException(packed.skipped > 0
                    ? "Every row of the dataset is invalid: all " + packed.skipped + " rows were skipped; the first: "
                            + packed.firstSkipped
                    : packed.validationCount > 0
                            ? "All " + packed.validationCount + " rows are validation rows, so none is left to"
                                    + " train on; lower validationFraction or mark fewer rows in the indicator column"
                            : "The dataset is empty: it has no rows to train on");
        }
        return packed;
    }

    /** Drops the cached blocks. */
    @Override
    public void close() {
        blocks.unpersist(false);
    }
}
