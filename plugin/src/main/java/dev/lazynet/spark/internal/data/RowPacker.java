package dev.lazynet.spark.internal.data;

import dev.lazynet.spark.InvalidDataException;
import dev.lazynet.tensor.Seeds;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.annotation.Private;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;

/**
 * Validates and packs the rows of one partition into a {@link PackedPartition}, on the executor. Rows
 * come as {@code (features, label[, validation indicator][, weight])}.
 */
@Private
public final class RowPacker implements Function2<Integer, Iterator<Row>, Iterator<PackedPartition>> {

    private static final long serialVersionUID = 1L;

    private final FeatureReader features;
    private final TargetReader targets;
    private final WeightReader weights;
    private final boolean skipInvalid;
    private final Validation validation;
    private final PackingLimit limit;

    /**
     * How rows are held out for validation: by a boolean column, by a seeded draw with probability
     * {@code fraction}, or not at all.
     */
    public record Validation(String indicatorColumn, double fraction, long seed) implements Serializable {

        /** Whether a row at this position is held out, for the fraction-based split. */
        public boolean drawn(int partition, long row) {
            return Seeds.uniform(seed, partition, row) < fraction;
        }
    }

    /** @param weights reads each row's weight, or {@code null} if the rows are not weighted */
    public RowPacker(FeatureReader features, TargetReader targets, WeightReader weights, boolean skipInvalid,
            Validation validation, PackingLimit limit) {
        this.features = features;
        this.targets = targets;
        this.weights = weights;
        this.skipInvalid = skipInvalid;
        this.validation = validation;
        this.limit = limit;
    }

    /** The number of feature values in each row. */
    public int rowFloats() {
        return features.size();
    }

    /** The floats each packed row takes: its features, its label and, if weighted, its weight. */
    private long packedFloats() {
        return features.size() + 1L + (weights == null ? 0 : 1);
    }

    @Override
    public Iterator<PackedPartition> call(Integer partition, Iterator<Row> rows) {
        int size = features.size();
        float[] x = new float[size];
        float[] y = new float[1];
        float[] w = {1f};
        int weightField = validation.indicatorColumn() != null ? 3 : 2;
        FloatBlock.Builder train = new FloatBlock.Builder(weights != null);
        FloatBlock.Builder held = new FloatBlock.Builder(weights != null);
        DataFingerprint.Builder fingerprint = new DataFingerprint.Builder();
        long skipped = 0;
        String firstSkipped = null;
        double maxLabel = -1;
        double featureSquares = 0;
        double labelSquares = 0;
        double trainWeight = 0;
        double validationWeight = 0;
        long index = 0;
        long heap = Runtime.getRuntime().maxMemory();
        long maxRows = limit.maxRows(packedFloats(), heap);
        while (rows.hasNext()) {
            Row row = rows.next();
            if (train.rows() + held.rows() >= maxRows) {
                throw new PartitionTooLargeException(limit.refusal(features.column(), partition, maxRows,
                        packedFloats(), heap));
            }
            String problem = features.read(row, 0, x, 0, partition, index);
            if (problem == null) {
                problem = targets.read(row, 1, y, 0, partition, index);
            }
            if (problem == null && validation.indicatorColumn() != null && row.isNullAt(2)) {
                problem = "Column \"" + validation.indicatorColumn() + "\" is null in partition " + partition
                        + ", row " + index + ", but the validation indicator must be true or false; fill the"
                        + " nulls, or set handleInvalid to \"skip\"";
            }
            if (problem == null && weights != null) {
                problem = weights.read(row, weightField, w, 0, partition, index);
            }
            if (problem != null) {
                if (!skipInvalid) {
                    throw new InvalidDataException(problem);
                }
                skipped++;
                firstSkipped = firstSkipped == null ? problem : firstSkipped;
            } else {
                boolean isValidation = validation.indicatorColumn() != null
                        ? row.getBoolean(2)
                        : validation.fraction() > 0 && validation.drawn(partition, index);
                (isValidation ? held : train).add(x, size, y, 1, w);
                fingerprint.add(x, size);
                fingerprint.add(y, 1);
                if (weights != null) {
                    fingerprint.add(w, 1);
                }
                if (isValidation) {
                    validationWeight += w[0];
                } else {
                    trainWeight += w[0];
                }
                fingerprint.addHeldOut(isValidation);
                maxLabel = Math.max(maxLabel, y[0]);
                for (int i = 0; i < size; i++) {
                    featureSquares += (double) x[i] * x[i];
                }
                labelSquares += (double) y[0] * y[0];
            }
            index++;
        }
        PackedPartition.Stats stats = new PackedPartition.Stats(train.rows(), held.rows(), trainWeight,
                validationWeight, skipped, firstSkipped, maxLabel, featureSquares, labelSquares, fingerprint.build());
        return List.of(new PackedPartition(train.build(), held.build(), stats)).iterator();
    }
}
