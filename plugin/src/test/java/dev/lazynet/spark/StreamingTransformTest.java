package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fitted model transforms a Structured Streaming DataFrame as it transforms a batch one. */
class StreamingTransformTest extends SparkTestBase {

    @TempDir
    Path temp;

    private String input() {
        return temp.resolve("input").toString();
    }

    /** The rows of {@code data} by id, as lists of the id and the output columns. */
    private static List<Row> byId(Dataset<Row> data, String... outputs) {
        return data.select("id", outputs).orderBy("id").collectAsList();
    }

    private void assertStreamedEqualsBatch(LazyNetModel<?> model, String query, String... outputs)
            throws Exception {
        Dataset<Row> batch = spark.read().parquet(input());
        Dataset<Row> stream = spark.readStream().schema(batch.schema()).option("maxFilesPerTrigger", 1)
                .parquet(input());
        assertTrue(stream.isStreaming());

        StreamingQuery running = model.transform(stream).writeStream().format("memory").queryName(query)
                .trigger(Trigger.AvailableNow()).start();
        try {
            running.awaitTermination();
        } finally {
            running.stop();
        }
        List<Row> streamed = byId(spark.table(query), outputs);
        assertEquals(batch.count(), streamed.size());
        assertEquals(byId(model.transform(batch), outputs), streamed);
    }

    /** Writes {@code rows} with an id column as three parquet files, the stream's three micro-batches. */
    private void writeFiles(List<Row> rows) {
        TestData.frame(spark, rows, 3).withColumn("id", functions.monotonically_increasing_id()).write()
                .parquet(input());
    }

    @Test
    void aClassifierPredictsAStreamOfParquetFilesExactlyAsTheSameRowsInABatch() throws Exception {
        List<Row> rows = TestData.blobs(90, 4, 3, 7);
        LazyNetClassificationModel model = new LazyNetClassifier().setLayers("dense(8,relu) dense(3)").setMaxIter(2)
                .setSeed(3).fit(TestData.frame(spark, rows, 2));
        writeFiles(rows);

        assertStreamedEqualsBatch(model, "lazynet_streamed_classes", "prediction", "probability", "rawPrediction");
    }

    @Test
    void aRegressorPredictsAStreamOfParquetFilesExactlyAsTheSameRowsInABatch() throws Exception {
        List<Row> rows = TestData.blobs(90, 4, 3, 8);
        LazyNetRegressionModel model = new LazyNetRegressor().setLayers("dense(8,relu) dense(1)").setMaxIter(2)
                .setSeed(3).fit(TestData.frame(spark, rows, 2));
        writeFiles(rows);

        assertStreamedEqualsBatch(model, "lazynet_streamed_values", "prediction");
    }
}
