package dev.lazynet.spark.internal.data;

import java.io.Serializable;
import org.apache.spark.annotation.Private;
import org.apache.spark.sql.Row;

/**
 * Reads one row's label as the float target the loss expects: a class index for classification, a
 * finite number for regression.
 */
@Private
public final class TargetReader implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Class indices are stored as floats, which hold whole numbers exactly only up to 2^24. */
    public static final int MAX_CLASSES = 1 << 24;

    private final String column;
    private final boolean classes;
    private final int numClasses;
    private final String classesSource;

    private TargetReader(String column, boolean classes, int numClasses, String classesSource) {
        this.column = column;
        this.classes = classes;
        this.numClasses = numClasses;
        this.classesSource = classesSource;
    }

    /**
     * Labels that are class indices.
     *
     * @param numClasses the number of classes if known (from the column's metadata), else 0: then any
     *     whole number below {@link #MAX_CLASSES} is accepted and the largest one decides
     */
    public static TargetReader classes(String column, int numClasses) {
        return new TargetReader(column, true, numClasses, numClasses > 0 ? numClasses + " classes, from the"
                + " column's ML metadata" : null);
    }

    /** Labels that are real numbers. */
    public static TargetReader real(String column) {
        return new TargetReader(column, false, 0, null);
    }

    /**
     * Writes the label in field {@code field} of {@code row} to {@code dest[offset]}.
     *
     * @return {@code null}, or the full description of what is wrong with the label
     */
    public String read(Row row, int field, float[] dest, int offset, int partition, long rowIndex) {
        if (row.isNullAt(field)) {
            return "Column \"" + column + "\" is null" + FeatureReader.where(partition, rowIndex)
                    + ", but every row needs a "
                    + (classes ? "class index" : "finite number") + "; drop or fill the nulls, or set"
                    + " handleInvalid to \"skip\"";
        }
        double v = ((Number) row.get(field)).doubleValue();
        if (classes) {
            int limit = numClasses > 0 ? numClasses : MAX_CLASSES;
            if (!(v >= 0 && v < limit && v == Math.rint(v))) {
                return "Column \"" + column + "\" has " + row.get(field)
                        + FeatureReader.where(partition, rowIndex) + ", but class labels must be whole"
                        + " numbers in [0, " + limit + ")" + (classesSource != null ? " (" + classesSource + ")" : "")
                        + "; index the labels with StringIndexer, or set handleInvalid to \"skip\"";
            }
        } else if (!Float.isFinite((float) v)) {
            return "Column \"" + column + "\" has " + row.get(field) + FeatureReader.where(partition, rowIndex)
                    + ", but regression labels must be"
                    + " finite numbers within float range; drop or fix such rows, or set handleInvalid to \"skip\"";
        }
        dest[offset] = (float) v;
        return null;
    }
}
