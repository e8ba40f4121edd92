package dev.lazynet.spark.internal.data;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.annotation.Private;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Checks of a DataFrame's columns and types, with errors that name the column and the fix. */
@Private
public final class SchemaChecks {

    private SchemaChecks() {
    }

    /**
     * The column called {@code name}, quoted, so that a name with a dot ({@code my.features}) names the
     * column and not a field of a struct column {@code my}.
     */
    public static Column column(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    /** The field called {@code name}; the error lists the columns there are. */
    public static StructField field(StructType schema, String name, String param) {
        if (name == null || name.isEmpty() || !Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("Column \"" + name + "\" does not exist; the columns are "
                    + Arrays.toString(schema.fieldNames()) + ". Set " + param + " to one of them");
        }
        return schema.apply(name);
    }

    /** Whether a features column holds ML vectors (else it holds arrays of numbers). */
    public static boolean requireFeatures(StructType schema, String name) {
        DataType type = field(schema, name, "featuresCol").dataType();
        if (type.equals(SQLDataTypes.VectorType())) {
            return true;
        }
        if (type instanceof ArrayType array && array.elementType() instanceof NumericType) {
            return false;
        }
        throw new IllegalArgumentException("Column \"" + name + "\" has type " + type.simpleString()
                + ", but features must be an ML vector or an array of numbers; assemble numeric columns with"
                + " VectorAssembler, or set featuresCol to such a column");
    }

    public static void requireNumeric(StructType schema, String name, String param) {
        DataType type = field(schema, name, param).dataType();
        if (!(type instanceof NumericType)) {
            throw new IllegalArgumentException("Column \"" + name + "\" has type " + type.simpleString()
                    + ", but " + param + " must name a numeric column; index string labels with StringIndexer,"
                    + " or cast the column to double");
        }
    }

    /** A weight column: numeric, its type named in the error otherwise. */
    public static void requireWeights(StructType schema, String name) {
        DataType type = field(schema, name, "weightCol").dataType();
        if (!(type instanceof NumericType)) {
            throw new IllegalArgumentException("Column \"" + name + "\" has type " + type.simpleString()
                    + ", but weightCol must name a numeric column (double, float, int, ...) of row weights >= 0;"
                    + " cast the column to double, or set weightCol to another column");
        }
    }

    public static void requireBoolean(StructType schema, String name, String param) {
        DataType type = field(schema, name, param).dataType();
        if (!(type instanceof BooleanType)) {
            throw new IllegalArgumentException("Column \"" + name + "\" has type " + type.simpleString()
                    + ", but " + param + " must name a boolean column (true: a validation row)");
        }
    }

    /** An output column and the Param that names it. */
    public record Output(StructField field, String param) {
    }

    /** Appends output columns, refusing to overwrite columns that exist. */
    public static StructType append(StructType schema, List<Output> outputs) {
        StructType out = schema;
        for (Output o : outputs) {
            if (Arrays.asList(out.fieldNames()).contains(o.field().name())) {
                throw new IllegalArgumentException("Output column \"" + o.field().name() + "\" already exists; set "
                        + o.param() + " to another name, or drop the column first");
            }
            out = out.add(o.field());
        }
        return out;
    }
}
