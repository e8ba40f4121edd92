package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ShapeInferenceTest extends SparkTestBase {

    private static LazyNetClassifier classifier(String layers) {
        return new LazyNetClassifier().setLayers(layers).setMaxIter(1).setBatchSize(64);
    }

    private static Dataset<Row> withVectorMetadata(Dataset<Row> data, int size) {
        return data.withColumn("features", data.col("features").as("features",
                new AttributeGroup("features", size).toMetadata()));
    }

    @Test
    void theFirstPartitionIsUsedWhenMetadataIsMissing() {
        LazyNetTrainingSummary summary = classifier("dense(3)").fit(TestData.frame(spark, TestData.blobs(30, 4, 3, 1), 3))
                .summary();

        assertEquals(InputShapeSource.FIRST_PARTITION, summary.inputShapeSource());
        assertEquals(Shape.of(4), summary.inputShape());
    }

    @Test
    void metadataBeatsTheFirstPartition() {
        List<Row> rows = TestData.blobs(30, 4, 3, 2);
        rows.set(0, RowFactory.create(Vectors.dense(1, 2), 0.0));
        Dataset<Row> data = withVectorMetadata(TestData.frame(spark, rows, 2), 4);

        LazyNetTrainingSummary summary = classifier("dense(3)").setHandleInvalid("skip").fit(data).summary();

        assertEquals(InputShapeSource.METADATA, summary.inputShapeSource());
        assertEquals(Shape.of(4), summary.inputShape());
        assertEquals(1, summary.rowsSkipped(), "the first row, of size 2, does not fit the metadata's 4");
    }

    @Test
    void vectorAssemblerMetadataGivesTheShape() {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(RowFactory.create((double) i, (double) -i, (double) (i % 2)));
        }
        Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("features")
                .transform(TestData.frame(spark, rows, 2, schema));

        LazyNetTrainingSummary summary = classifier("dense(2)").fit(assembled).summary();

        assertEquals(InputShapeSource.METADATA, summary.inputShapeSource());
        assertEquals(Shape.of(2), summary.inputShape());
    }

    @Test
    void anEmptyFirstPartitionIsSkippedWithoutScanningTheData() throws Exception {
        List<Row> none = List.of();
        Dataset<Row> data = spark.createDataFrame(jsc.parallelize(none, 1)
                .union(jsc.parallelize(TestData.blobs(30, 5, 3, 3), 3)), TestData.SCHEMA);
        Map<String, List<Integer>> tasksByDescription = new ConcurrentHashMap<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart job) {
                String description = job.properties().getProperty("spark.job.description", "");
                int tasks = 0;
                for (int i = 0; i < job.stageInfos().size(); i++) {
                    tasks += job.stageInfos().apply(i).numTasks();
                }
                tasksByDescription.computeIfAbsent(description, d -> new CopyOnWriteArrayList<>()).add(tasks);
            }
        };
        spark.sparkContext().addSparkListener(listener);
        LazyNetTrainingSummary summary;
        try {
            summary = classifier("dense(3)").fit(data).summary();
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }

        assertEquals(InputShapeSource.FIRST_PARTITION, summary.inputShapeSource());
        assertEquals(Shape.of(5), summary.inputShape());
        assertEquals(List.of(1, 3), tasksByDescription.get("LazyNet: input shape from the first row of \"features\""),
                "a job over partition 0, which is empty, then one over the next ones (up to 4 at a time, as take()"
                        + " does): " + tasksByDescription);
    }

    @Test
    void anInputShapeTurnsFlatVectorsIntoImages() {
        LazyNetClassificationModel model = classifier("flatten dense(3)").setInputShape("1,2,3")
                .fit(TestData.frame(spark, TestData.blobs(30, 6, 3, 4), 2));

        assertEquals(InputShapeSource.PARAMETER, model.summary().inputShapeSource());
        assertEquals(Shape.of(1, 2, 3), model.featureShape());
        assertEquals(6, model.numFeatures());
    }

    @Test
    void arrayColumnsAreInferredFromTheFirstRow() {
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(RowFactory.create(new double[] {i, 1, -i}, (double) (i % 2)));
        }
        LazyNetTrainingSummary summary = classifier("dense(2)").fit(TestData.frame(spark, rows, 2, schema)).summary();

        assertEquals(InputShapeSource.FIRST_PARTITION, summary.inputShapeSource());
        assertEquals(Shape.of(3), summary.inputShape());
    }

    @Test
    void theNumberOfClassesComesFromStringIndexerMetadata() {
        StructType schema = new StructType().add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType())
                .add("species", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        String[] names = {"setosa", "versicolor", "virginica", "versicolor"};
        for (int i = 0; i < 20; i++) {
            rows.add(RowFactory.create(Vectors.dense(i % 4, 1), names[i % 4]));
        }
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("species").setOutputCol("label"), classifier("dense(3)")});

        PipelineModel model = pipeline.fit(TestData.frame(spark, rows, 2, schema));

        assertEquals(3, ((LazyNetClassificationModel) model.stages()[1]).numClasses());
        assertTrue(assertThrowsMessage(pipeline.setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("species").setOutputCol("label"), classifier("dense(4)")}), rows, schema)
                .contains("has 4 outputs, but column \"label\" has 3 classes (from its ML metadata)"));
    }

    private static String assertThrowsMessage(Pipeline pipeline, List<Row> rows, StructType schema) {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> pipeline.fit(TestData.frame(spark, rows, 2, schema))).getMessage();
    }
}
