package dev.lazynet.spark.internal.data;

import dev.lazynet.serve.FeatureMessages;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.annotation.Private;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Copies one row's features, an ML vector or an array of numbers, into floats, checking them against
 * the network's input size, that each is a finite float32, and that each categorical slot of an embed
 * layer holds an index of its vocabulary, for training and inference alike.
 */
@Private
public final class FeatureReader implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String column;
    private final boolean vectors;
    private final int size;
    private final String expectation;
    private final int[] vocabularies;

    /** A reader for a network without an embed layer; the parameters are those of the other constructor. */
    public FeatureReader(String column, boolean vectors, int size, String provenance) {
        this(column, vectors, size, provenance, null);
    }

    /**
     * @param column the features column, for messages
     * @param vectors whether the column holds ML vectors (else arrays of numbers)
     * @param size the number of values each row must have
     * @param provenance where that size came from, e.g. "input shape (784,), from the column's ML metadata"
     * @param vocabularies the number of categories of each slot, 0 for a numeric one, as the network's
     *     embed layer has them ({@code Embed.slotLayout}); {@code null} for a network without one
     */
    public FeatureReader(String column, boolean vectors, int size, String provenance, int[] vocabularies) {
        this.column = column;
        this.vectors = vectors;
        this.size = size;
        this.expectation = size + " (" + provenance + ")";
        this.vocabularies = vocabularies == null ? null : vocabularies.clone();
    }

    /** The features column's name. */
    public String column() {
        return column;
    }

    /** The number of floats each row takes. */
    public int size() {
        return size;
    }

    /**
     * Copies the features in field {@code field} of {@code row} to {@code dest[offset..offset+size)}.
     *
     * @return {@code null}, or the full description of what is wrong with the row
     */
    public String read(Row row, int field, float[] dest, int offset, int partition, long rowIndex) {
        if (row.isNullAt(field)) {
            return "Column \"" + column + "\" is null" + where(partition, rowIndex) + ", but the network needs "
                    + expectation
                    + " values per row; drop or fill the nulls, or set handleInvalid to \"skip\"";
        }
        int found;
        if (vectors) {
            Vector v = (Vector) row.get(field);
            found = v.size();
            if (found == size) {
                copy(v, dest, offset);
            }
        } else {
            List<Object> values = row.getList(field);
            found = values.size();
            if (found == size) {
                for (int i = 0; i < size; i++) {
                    Object x = values.get(i);
                    if (x == null) {
                        return "Column \"" + column + "\" has a null at index " + i + where(partition, rowIndex)
                                + ", but features must be finite numbers; impute or drop such rows (e.g. with"
                                + " Imputer), or set handleInvalid to \"skip\"";
                    }
                    dest[offset + i] = ((Number) x).floatValue();
                }
            }
        }
        if (found != size) {
            return "Column \"" + column + "\" has " + (vectors ? "a vector" : "an array") + " of size " + found
                    + where(partition, rowIndex)
                    + ", but the network was built for " + expectation + "; check the VectorAssembler inputs"
                    + " or set inputShape";
        }
        for (int i = 0; i < size; i++) {
            if (!Float.isFinite(dest[offset + i])) {
                return FeatureMessages.notFinite("Column \"" + column + "\" has", original(row, field, i), i,
                        where(partition, rowIndex), true);
            }
        }
        if (vocabularies != null) {
            for (int i = 0; i < size; i++) {
                if (vocabularies[i] > 0 && !FeatureMessages.isCategory(dest[offset + i], vocabularies[i])) {
                    return FeatureMessages.notACategory("Column \"" + column + "\" has", original(row, field, i), i,
                            vocabularies[i], where(partition, rowIndex), true);
                }
            }
        }
        return null;
    }

    /** Where a row is, for messages; built only for a row that has a problem. */
    static String where(int partition, long rowIndex) {
        return " in partition " + partition + ", row " + rowIndex;
    }

    private static void copy(Vector v, float[] dest, int offset) {
        if (v instanceof DenseVector dense) {
            double[] values = dense.values();
            for (int i = 0; i < values.length; i++) {
                dest[offset + i] = (float) values[i];
            }
        } else {
            SparseVector sparse = (SparseVector) v;
            Arrays.fill(dest, offset, offset + sparse.size(), 0f);
            int[] indices = sparse.indices();
            double[] values = sparse.values();
            for (int k = 0; k < indices.length; k++) {
                dest[offset + indices[k]] = (float) values[k];
            }
        }
    }

    /** The value as the user gave it: a double too large for a float is itself, not Infinity. */
    private double original(Row row, int field, int i) {
        return vectors ? ((Vector) row.get(field)).apply(i) : ((Number) row.getList(field).get(i)).doubleValue();
    }
}
