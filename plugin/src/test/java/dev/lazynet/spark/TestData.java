package dev.lazynet.spark;

import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Small generated datasets, built on the driver so tests ship no code of their own to executors, and their
 * rows in the single-JVM trainer's form.
 */
public final class TestData {

    public static final StructType SCHEMA = new StructType()
            .add("features", SQLDataTypes.VectorType())
            .add("label", DataTypes.DoubleType);

    private TestData() {
    }

    /**
     * Gaussian blobs: {@code classes} centers drawn in {@code [-4, 4]^dims}, {@code rows} points with unit
     * standard deviation, labels cycling 0, 1, 2, ...
     */
    public static List<Row> blobs(int rows, int dims, int classes, long seed) {
        Random rng = new Random(seed);
        double[][] centers = new double[classes][dims];
        for (double[] c : centers) {
            for (int j = 0; j < dims; j++) {
                c[j] = rng.nextDouble() * 8 - 4;
            }
        }
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            int label = i % classes;
            double[] x = new double[dims];
            for (int j = 0; j < dims; j++) {
                x[j] = centers[label][j] + rng.nextGaussian() * 0.7;
            }
            out.add(RowFactory.create(Vectors.dense(x), (double) label));
        }
        return out;
    }

    /** {@code y = w·x + 0.5 + noise} with x uniform in [-1, 1] and noise of standard deviation 0.05. */
    public static List<Row> linear(int rows, double[] w, long seed) {
        Random rng = new Random(seed);
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            double[] x = new double[w.length];
            double y = 0.5;
            for (int j = 0; j < w.length; j++) {
                x[j] = rng.nextDouble() * 2 - 1;
                y += w[j] * x[j];
            }
            out.add(RowFactory.create(Vectors.dense(x), y + rng.nextGaussian() * 0.05));
        }
        return out;
    }

    /**
     * {@code rows} flat images of {@code side × side} pixels in [0, 1), with a brighter band of rows per
     * class, labels cycling 0, 1, 2, ..., in 2 partitions.
     */
    static Dataset<Row> images(SparkSession spark, int rows, int side, int classes, long seed) {
        Random rng = new Random(seed);
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            int label = i % classes;
            double[] pixels = new double[side * side];
            for (int j = 0; j < pixels.length; j++) {
                pixels[j] = rng.nextDouble() * 0.5 + (j / side % classes == label ? 0.5 : 0);
            }
            out.add(RowFactory.create(Vectors.dense(pixels), (double) label));
        }
        return frame(spark, out, 2);
    }

    /** A DataFrame of {@code (features, label)} rows in {@code partitions} contiguous slices, in list order. */
    public static Dataset<Row> frame(SparkSession spark, List<Row> rows, int partitions) {
        return frame(spark, rows, partitions, SCHEMA);
    }

    /** A DataFrame of rows in {@code partitions} contiguous slices, in list order. */
    public static Dataset<Row> frame(SparkSession spark, List<Row> rows, int partitions, StructType schema) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), schema);
    }

    /** The rows' feature vectors (field 0) as one row-major tensor: the single-JVM trainer's input. */
    public static Tensor features(List<Row> rows) {
        int d = ((Vector) rows.get(0).get(0)).size();
        float[] x = new float[rows.size() * d];
        for (int r = 0; r < rows.size(); r++) {
            double[] v = ((Vector) rows.get(r).get(0)).toArray();
            for (int j = 0; j < d; j++) {
                x[r * d + j] = (float) v[j];
            }
        }
        return Tensor.of(x, rows.size(), d);
    }

    /** The rows' labels (field 1) as floats. */
    public static float[] labels(List<Row> rows) {
        float[] y = new float[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            y[r] = (float) rows.get(r).getDouble(1);
        }
        return y;
    }

    /**
     * A network of {@code spec} shaped for the rows' features and initialized as a fit with {@code seed}
     * initializes it (the default, Xavier), for the single-JVM trainer.
     */
    public static Sequential network(String spec, List<Row> rows, long seed) {
        Sequential network = NetworkSpec.parse(spec);
        network.inferShape(Shape.of(Shape.UNKNOWN, ((Vector) rows.get(0).get(0)).size()));
        network.initialize(Initializers.xavier(), false, seed);
        return network;
    }
}
