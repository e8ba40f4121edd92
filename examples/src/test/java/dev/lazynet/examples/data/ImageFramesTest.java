package dev.lazynet.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.List;
import org.apache.spark.Partition;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class ImageFramesTest {

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("ImageFramesTest")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** {@code count} images of 2x2 pixels; image i has pixels i, i+0.25, i+0.5, i+0.75 and label i % 10. */
    private static LabeledImages images(int count) {
        float[] pixels = new float[count * 4];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < 4; j++) {
                pixels[i * 4 + j] = i + j * 0.25f;
            }
            labels[i] = i % 10;
        }
        return new LabeledImages(2, 2, pixels, labels);
    }

    @Test
    void everyImageBecomesOneRowInOrderSplitIntoConsecutivePartitions() {
        Dataset<Row> frame = ImageFrames.toDataFrame(spark, images(5), 2);
        assertEquals(2, frame.rdd().getNumPartitions());
        assertEquals(ImageFrames.SCHEMA, frame.schema());
        List<Row> rows = frame.collectAsList();
        assertEquals(5, rows.size());
        for (int i = 0; i < 5; i++) {
            Vector features = rows.get(i).getAs("features");
            assertArrayEquals(new double[] {i, i + 0.25, i + 0.5, i + 0.75}, features.toArray(), 1e-6);
            assertEquals(i % 10, rows.get(i).<Double>getAs("label"), 0.0);
        }
        assertEquals(List.of(2, 3), frame.javaRDD().glom().map(List::size).collect());
    }

    @Test
    void thePartitionsCarryNoPixelsSoLaterTasksStaySmall() throws IOException {
        LabeledImages many = images(2_000);
        Dataset<Row> frame = ImageFrames.toDataFrame(spark, many, 2);
        for (Partition partition : frame.rdd().partitions()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(partition);
            }
            assertTrue(bytes.size() < 4_000, "partition " + partition.index() + " serializes to " + bytes.size()
                    + " bytes; the images it describes hold " + many.pixels().length * 4 / 2 + " bytes of pixels");
        }
    }

    @Test
    void partitionsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFrames.toDataFrame(spark, images(3), 0));
        assertTrue(e.getMessage().contains("was 0"), e.getMessage());
    }
}
