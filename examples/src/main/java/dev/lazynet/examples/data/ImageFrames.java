package dev.lazynet.examples.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
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
 * <p>The images travel to the executors as compact float slices, one broadcast per partition, and
 * become rows there, so the driver never builds a row per image. The slices are broadcast rather than
 * parallelized because a parallelized collection lives in the partition objects, and every task of
 * every later stage carries its partition's ancestors: each training step would ship the whole data
 * set again. Each task fetches only its own slice. The broadcasts live as long as the Spark context.
 *
 * <p>No ML attribute metadata is attached: the estimator infers the input size from the first
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

    /** One partition's worth of images. */
    private record Slice(int pixelsPerImage, float[] pixels, int[] labels) implements Serializable {
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
        int n = images.count();
        int width = images.pixelsPerImage();
        List<Broadcast<Slice>> shared = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) n * p / partitions);
            int to = (int) ((long) n * (p + 1) / partitions);
            float[] pixels = Arrays.copyOfRange(images.pixels(), from * width, to * width);
            int[] labels = Arrays.copyOfRange(images.labels(), from, to);
            indices.add(p);
            shared.add(jsc.broadcast(new Slice(width, pixels, labels)));
        }
        JavaRDD<Row> rows = jsc.parallelize(indices, partitions).mapPartitions(ids -> rows(ids, shared));
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static Iterator<Row> rows(Iterator<Integer> ids, List<Broadcast<Slice>> shared) {
        List<Row> out = new ArrayList<>();
        while (ids.hasNext()) {
            Slice s = shared.get(ids.next()).value();
            for (int i = 0; i < s.labels().length; i++) {
                double[] v = new double[s.pixelsPerImage()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = s.pixels()[i * s.pixelsPerImage() + j];
                }
                out.add(RowFactory.create(Vectors.dense(v), (double) s.labels()[i]));
            }
        }
        return out.iterator();
    }
}
