package dev.lazynet.examples;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns images read on the driver into a DataFrame of {@code features} (flat ML vectors of pixels) and
 * {@code label} (double), the layout Spark ML estimators take.
 *
 * <p>The images travel to the executors once, as one broadcast, and each partition builds its rows from
 * its range of it, so the driver never builds a row per image. The partitions themselves carry only
 * their index: Spark serializes a task's partition object into every task that reads it, even a task
 * over the cached frame, so images stored in the partitions (as {@code parallelize} of the images would
 * store them) were sent again with each job of a training loop, about 190 MB per task for the full
 * set. No ML attribute metadata is attached: the estimator infers the input size from the first
 * partition, which is the point of the examples.
 */
public final class ImageFrames {

    /** The schema of the frames: {@code features} vector, {@code label} double. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        new StructField("features", SQLDataTypes.VectorType(), false, org.apache.spark.sql.types.Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, org.apache.spark.sql.types.Metadata.empty())
    });

    private ImageFrames() {
    }

    /**
     * A DataFrame of {@code images} split into {@code partitions} partitions of consecutive images.
     *
     * @throws IllegalArgumentException if {@code partitions} is not positive
     */
    public static Dataset<Row> toDataFrame(SparkSession spark, LabeledImages images, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, but was " + partitions);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<float[]> pixels = jsc.broadcast(images.pixels());
        Broadcast<int[]> labels = jsc.broadcast(images.labels());
        int width = images.pixelsPerImage();
        List<Integer> indices = IntStream.range(0, partitions).boxed().toList();
        JavaRDD<Row> rows = jsc.parallelize(indices, partitions).mapPartitionsWithIndex((partition, ignored) ->
                rows(pixels.value(), labels.value(), width, partition, partitions), true);
        return spark.createDataFrame(rows, SCHEMA);
    }

    /**
     * The rows of partition {@code partition} of {@code partitions}: a range of consecutive images of
     * {@code width} pixels each.
     */
    private static Iterator<Row> rows(float[] pixels, int[] labels, int width, int partition, int partitions) {
        int n = labels.length;
        int from = (int) ((long) n * partition / partitions);
        int to = (int) ((long) n * (partition + 1) / partitions);
        List<Row> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            double[] v = new double[width];
            for (int j = 0; j < width; j++) {
                v[j] = pixels[i * width + j];
            }
            out.add(RowFactory.create(Vectors.dense(v), (double) labels[i]));
        }
        return out.iterator();
    }
}
