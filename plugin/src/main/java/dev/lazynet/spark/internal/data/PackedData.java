package dev.lazynet.spark.internal.data;

import dev.lazynet.spark.InvalidDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.annotation.Private;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/**
 * The driver's handle on the packed, cached input: the blocks stay on the executors, the driver keeps
 * one count per partition.
 */
@Private
public final class PackedData implements AutoCloseable {

    /** One {@link PackedPartition} per input partition, cached. */
    public final JavaRDD<PackedPartition> blocks;
    /** Global index of each partition's first training row. */
    public final int[] trainOffsets;
    /** Training rows per partition. */
    public final int[] trainRows;
    public final int trainCount;
    public final long validationCount;
    /** The training rows' weight: their number, or with {@code weightCol} the sum of their weights. */
    public final double trainWeight;
    /** The validation rows' weight, likewise. */
    public final double validationWeight;
    public final long skipped;
    /** The description of the first skipped row, or {@code null}. */
    public final String firstSkipped;
    /** The largest label kept, or -1. */
    public final double maxLabel;
    /** The root mean square of every feature value of the kept rows. */
    public final double featureRms;
    /** The root mean square of the kept rows' labels. */
    public final double labelRms;
    /** The fingerprint of the kept rows, in partition order: the same for any partitioning of the rows. */
    public final DataFingerprint fingerprint;

    private PackedData(JavaRDD<PackedPartition> blocks, List<PackedPartition.Stats> stats, int rowFloats) {
        this.blocks = blocks;
        int partitions = stats.size();
        this.trainOffsets = new int[partitions];
        this.trainRows = new int[partitions];
        long total = 0;
        long held = 0;
        double weight = 0;
        double heldWeight = 0;
        long dropped = 0;
        String first = null;
        double max = -1;
        double featureSquares = 0;
        double labelSquares = 0;
        DataFingerprint rows = DataFingerprint.EMPTY;
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
            weight += s.trainWeight();
            heldWeight += s.validationWeight();
            dropped += s.skipped();
            first = first == null ? s.firstSkipped() : first;
            max = Math.max(max, s.maxLabel());
            featureSquares += s.featureSquares();
            labelSquares += s.labelSquares();
            rows = rows.then(s.fingerprint());
        }
        this.trainCount = (int) total;
        this.validationCount = held;
        this.trainWeight = weight;
        this.validationWeight = heldWeight;
        this.skipped = dropped;
        this.firstSkipped = first;
        this.maxLabel = max;
        double kept = total + held;
        this.featureRms = kept == 0 ? 0 : Math.sqrt(featureSquares / (kept * rowFloats));
        this.labelRms = kept == 0 ? 0 : Math.sqrt(labelSquares / kept);
        this.fingerprint = rows;
    }

    /**
     * Validates and packs every row once and caches the blocks; one job, whose result is one small
     * {@link PackedPartition.Stats} per partition.
     *
     * @throws InvalidDataException for the first invalid row, unless the packer skips them
     * @throws IllegalArgumentException if a partition has more rows than its packing task can hold
     * @throws IllegalArgumentException if no training row is left, or every training row, or every
     *     validation row, has weight 0
     */
    public static PackedData pack(Dataset<?> data, String featuresCol, String labelCol, RowPacker packer,
            String validationIndicatorCol, String weightCol) {
        List<Column> columns = new ArrayList<>(List.of(SchemaChecks.column(featuresCol),
                SchemaChecks.column(labelCol)));
        if (validationIndicatorCol != null) {
            columns.add(SchemaChecks.column(validationIndicatorCol));
        }
        if (weightCol != null) {
            columns.add(SchemaChecks.column(weightCol));
        }
        JavaRDD<PackedPartition> blocks = data.toDF().select(columns.toArray(new Column[0])).toJavaRDD()
                .mapPartitionsWithIndex(packer, true)
                .setName("LazyNet packed rows (" + featuresCol + ", " + labelCol + ")")
                .persist(StorageLevel.MEMORY_AND_DISK());
        data.sparkSession().sparkContext().setJobDescription("LazyNet: validating and packing rows of \""
                + featuresCol + "\" and \"" + labelCol + "\"");
        PackedData packed;
        try {
            packed = new PackedData(blocks, unwrapInvalidData(() -> blocks.map(p -> p.stats).collect()),
                    packer.rowFloats());
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
        if (packed.trainWeight == 0 || (packed.validationCount > 0 && packed.validationWeight == 0)) {
            packed.close();
            boolean training = packed.trainWeight == 0;
            throw new IllegalArgumentException("Every one of the " + (training ? packed.trainCount + " training"
                    : packed.validationCount + " validation") + " rows has weight 0 in column \"" + weightCol
                    + "\" (weightCol), so " + (training ? "there is nothing to train on" : "the validation"
                    + " metrics, means weighted by them, are not defined") + "; give some of them a positive weight");
        }
        return packed;
    }

    /**
     * Runs a Spark action and, if a task failed on invalid data or on a partition too large to pack,
     * rethrows that error on the driver with its own message instead of Spark's wrapper, whose message
     * buries it in a stage report. Other failures, including Spark's checked ones thrown from Scala, pass
     * through unchanged.
     */
    private static <T> T unwrapInvalidData(Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidDataException invalid) {
                    throw new InvalidDataException(invalid.getMessage(), e);
                }
                if (t instanceof PartitionTooLargeException tooLarge) {
                    throw new IllegalArgumentException(tooLarge.getMessage(), e);
                }
            }
            throw e;
        }
    }

    /** Drops the cached blocks. */
    @Override
    public void close() {
        blocks.unpersist(false);
    }
}
