package dev.lazynet.spark.internal.data;

import java.io.Serializable;
import org.apache.spark.annotation.Private;

/**
 * One partition of the input after validation and packing: its training rows, its validation rows, and
 * what was dropped.
 */
@Private
public final class PackedPartition implements Serializable {

    private static final long serialVersionUID = 1L;

    public final FloatBlock train;
    public final FloatBlock validation;
    public final Stats stats;

    public PackedPartition(FloatBlock train, FloatBlock validation, Stats stats) {
        this.train = train;
        this.validation = validation;
        this.stats = stats;
    }

    /**
     * What the driver needs to know about a packed partition: row counts and weights, skipped rows, the
     * largest label (for the number of classes) and the scale of the values (for the fit's warnings); a
     * few numbers, never rows.
     *
     * @param trainWeight the training rows' weight: their number, or with {@code weightCol} their weights' sum
     * @param validationWeight the validation rows' weight, likewise
     * @param firstSkipped the description of the first skipped row, or {@code null}
     * @param maxLabel the largest label among all kept rows, or -1 if none
     * @param featureSquares the sum of the squares of every feature value of the kept rows
     * @param labelSquares the sum of the squares of the kept rows' labels
     * @param fingerprint the kept rows' fingerprint
     */
    public record Stats(int trainRows, int validationRows, double trainWeight, double validationWeight, long skipped,
            String firstSkipped, double maxLabel, double featureSquares, double labelSquares,
            DataFingerprint fingerprint) implements Serializable {
    }
}
