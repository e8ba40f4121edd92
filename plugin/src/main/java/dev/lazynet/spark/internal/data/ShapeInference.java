package dev.lazynet.spark.internal.data;

import dev.lazynet.spark.InputShapeSource;
import dev.lazynet.tensor.Shape;
import java.util.List;
import java.util.OptionalInt;
import org.apache.spark.annotation.Private;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * What the driver learns about the data before training, without scanning it: the shape of one row and,
 * for classification, the number of classes if the label column's metadata records it.
 */
@Private
public final class ShapeInference {

    /** The shape of one row and where it came from. */
    public record Resolved(Shape shape, InputShapeSource source) {

        /** E.g. "input shape (784,), from the column's ML metadata", for messages. */
        public String provenance() {
            return "input shape " + shape + ", from " + source.description();
        }
    }

    private ShapeInference() {
    }

    /**
     * The shape of one row of {@code column}: the {@code inputShape} Param if set, else the column's ML
     * attribute metadata, else the size of the first non-null value of the first non-empty partition.
     * The last is Spark's {@code take(1)}, which runs jobs over one partition, then over a few more at a
     * time while they are empty; it never scans or collects the data.
     */
    public static Resolved inputShape(Dataset<?> data, String column, boolean vectors, String inputShapeParam) {
        StructField field = data.schema().apply(column);
        int metadataSize = vectors ? AttributeGroup.fromStructField(field).size() : -1;
        if (inputShapeParam != null && !inputShapeParam.isBlank()) {
            Shape shape = Shape.parse(inputShapeParam);
            if (metadataSize > 0 && metadataSize != shape.size()) {
                throw new IllegalArgumentException("inputShape " + shape + " has " + shape.size() + " values, but"
                        + " column \"" + column + "\" holds vectors of size " + metadataSize + " by its ML metadata;"
                        + " set an inputShape whose sizes multiply to " + metadataSize);
            }
            return new Resolved(shape, InputShapeSource.PARAMETER);
        }
        if (metadataSize > 0) {
            return new Resolved(Shape.of(metadataSize), InputShapeSource.METADATA);
        }
        return new Resolved(Shape.of(firstRowSize(data, column, vectors)), InputShapeSource.FIRST_PARTITION);
    }

    private static int firstRowSize(Dataset<?> data, String column, boolean vectors) {
        Dataset<Row> values = data.toDF().select(SchemaChecks.column(column));
        data.sparkSession().sparkContext().setJobDescription("LazyNet: input shape from the first row of \""
                + column + "\"");
        List<Row> first = values.where(SchemaChecks.column(column).isNotNull()).takeAsList(1);
        if (first.isEmpty()) {
            throw new IllegalArgumentException("The dataset is empty: column \"" + column + "\" has no non-null"
                    + " value in any of its " + values.javaRDD().getNumPartitions() + " partitions, so there is"
                    + " nothing to train on");
        }
        Object value = first.get(0).get(0);
        int size = value instanceof Vector v ? v.size() : first.get(0).getList(0).size();
        if (size == 0) {
            throw new IllegalArgumentException("Column \"" + column + "\" has an empty "
                    + (vectors ? "vector" : "array") + " in its first row, so there is no input"
                    + " shape to infer; check the VectorAssembler inputs or set inputShape");
        }
        return size;
    }

    /** The number of classes the label column's metadata records (StringIndexer sets it), if any. */
    public static OptionalInt numClasses(Dataset<?> data, String labelColumn) {
        Attribute attribute = Attribute.fromStructField(data.schema().apply(labelColumn));
        if (attribute instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()) {
            return OptionalInt.of((Integer) nominal.getNumValues().get());
        }
        if (attribute instanceof BinaryAttribute) {
            return OptionalInt.of(2);
        }
        return OptionalInt.empty();
    }
}
