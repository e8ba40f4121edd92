package dev.lazynet.spark.internal.data;

import dev.lazynet.nn.Embed;
import dev.lazynet.nn.Sequential;
import dev.lazynet.spark.InputShapeSource;
import dev.lazynet.tensor.Shape;
import java.util.Arrays;
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

    /**
     * Gives each {@link Embed} layer of {@code network} its slot layout from the ML attributes of
     * {@code column}: a nominal slot ({@code StringIndexer} output kept by {@code VectorAssembler}) is
     * embedded with its number of values as vocabulary, a binary one with two, any other passes through.
     * Returns the network's spec, which then records the layout; {@code spec}, the text {@code network} was
     * parsed from, as written when there is no layout to record.
     *
     * @throws IllegalArgumentException if an embed layer is not the first, or the column's metadata has no
     *     categorical slot or a nominal slot without its number of values, naming the column and the remedy
     */
    public static String resolveEmbeddings(String spec, Sequential network, Dataset<?> data, String column) {
        for (int i = 1; i < network.size(); i++) {
            if (network.get(i) instanceof Embed) {
                throw new IllegalArgumentException("Layer " + (i + 1) + " of spec \"" + spec + "\" is"
                        + " embed, which reads the category indices of the features column and so must be the"
                        + " first layer");
            }
        }
        if (network.size() == 0 || !(network.get(0) instanceof Embed embed) || embed.vocabularies() != null) {
            return spec;
        }
        AttributeGroup group = AttributeGroup.fromStructField(data.schema().apply(column));
        String remedy = "; index each categorical column with StringIndexer before VectorAssembler (and keep"
                + " the column's metadata, which a select through a UDF or a round trip through a file without"
                + " it loses), so embed knows the number of categories of each slot";
        if (group.attributes().isEmpty()) {
            throw new IllegalArgumentException("The network starts with " + embed.describe() + ", but column \""
                    + column + "\" has no ML attributes saying which slots are categorical" + remedy);
        }
        Attribute[] attributes = group.attributes().get();
        int[] vocabularies = new int[attributes.length];
        for (int s = 0; s < attributes.length; s++) {
            Attribute attribute = attributes[s];
            if (attribute instanceof NominalAttribute nominal) {
                if (nominal.getNumValues().isEmpty()) {
                    throw new IllegalArgumentException("Slot " + s + " (" + name(attribute) + ") of column \""
                            + column + "\" is nominal but does not record its number of categories" + remedy);
                }
                vocabularies[s] = (Integer) nominal.getNumValues().get();
            } else if (attribute instanceof BinaryAttribute) {
                vocabularies[s] = 2;
            }
        }
        if (Arrays.stream(vocabularies).allMatch(v -> v == 0)) {
            throw new IllegalArgumentException("The network starts with " + embed.describe() + ", but none of the "
                    + attributes.length + " slots of column \"" + column + "\" is categorical by its ML attributes"
                    + remedy);
        }
        embed.vocabularies(vocabularies);
        return network.spec();
    }

    private static String name(Attribute attribute) {
        return attribute.name().isDefined() ? "\"" + attribute.name().get() + "\"" : "unnamed";
    }
}
