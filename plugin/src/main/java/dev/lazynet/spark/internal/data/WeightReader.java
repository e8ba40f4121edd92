package dev.lazynet.spark.internal.data;

import java.io.Serializable;
import org.apache.spark.annotation.Private;
import org.apache.spark.sql.Row;

/**
 * Reads one row's weight from the {@code weightCol} column: a finite number >= 0 within float range, the
 * precision the packed rows keep. A weight of 0 is valid: the row then counts for nothing.
 */
@Private
public final class WeightReader implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String column;

    public WeightReader(String column) {
        this.column = column;
    }

    /**
     * Writes the weight in field {@code field} of {@code row} to {@code dest[offset]}.
     *
     * @return {@code null}, or the full description of what is wrong with the weight
     */
    public String read(Row row, int field, float[] dest, int offset, int partition, long rowIndex) {
        if (row.isNullAt(field)) {
            return "Column \"" + column + "\" (weightCol) is null" + FeatureReader.where(partition, rowIndex)
                    + ", but every row needs a weight, a finite number >= 0; fill the nulls (e.g. with 1.0), or set"
                    + " handleInvalid to \"skip\"";
        }
        double v = ((Number) row.get(field)).doubleValue();
        float w = (float) v;
        if (!(w >= 0) || Float.isInfinite(w)) {
            return "Column \"" + column + "\" (weightCol) has " + row.get(field)
                    + FeatureReader.where(partition, rowIndex) + ", but row weights must be finite numbers >= 0"
                    + " within float range (at most 3.4028235E38); drop or fix such rows, or set handleInvalid to"
                    + " \"skip\"";
        }
        dest[offset] = w;
        return null;
    }
}
