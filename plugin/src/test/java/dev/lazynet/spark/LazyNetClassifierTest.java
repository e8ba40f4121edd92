package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.Dense;
import dev.lazynet.nn.Sequential;
import dev.lazynet.tensor.Shape;
import java.util.List;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LazyNetClassifierTest extends SparkTestBase {

    private static LazyNetClassifier classifier(String layers) {
        return new LazyNetClassifier().setLayers(layers).setMaxIter(8).setBatchSize(32).setStepSize(0.01).setSeed(7);
    }

    @Test
    void transformAddsTheColumnsOfSparksClassifiersAndTheSummaryHasEachEpoch() {
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(300, 4, 3, 1), 2);
        LazyNetClassificationModel model = classifier("dense(16,relu) dense(3)").setBatchSize(50).fit(data);
        Dataset<Row> predicted = model.transform(data);

        assertEquals(List.of("features", "label", "rawPrediction", "probability", "prediction"),
                List.of(predicted.columns()));
        assertEquals(3, org.apache.spark.ml.attribute.AttributeGroup.fromStructField(
                predicted.schema().apply("probability")).size());
        List<Double> loss = model.summary().lossHistory();
        assertEquals(8, loss.size());
        assertTrue(loss.get(7) < loss.get(0) / 2, "loss " + loss);
    }

    @Test
    void binaryModelsWorkWithTheBinaryEvaluator() {
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(400, 3, 2, 2), 2);
        LazyNetClassificationModel model = classifier("dense(8,relu) dense(2)").fit(data);

        double auc = new BinaryClassificationEvaluator().evaluate(model.transform(data));
        assertTrue(auc > 0.98, "area under ROC " + auc);
    }

    @Test
    void singleRowPredictionsAgreeWithTransform() {
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(120, 4, 3, 3), 2);
        LazyNetClassificationModel model = classifier("dense(8,tanh) dense(3)").setMaxIter(2).fit(data);

        for (Row row : model.transform(data).limit(5).collectAsList()) {
            Vector features = row.getAs("features");
            Vector raw = row.getAs("rawPrediction");
            Vector probability = row.getAs("probability");
            assertArrayEquals(raw.toArray(), model.predictRaw(features).toArray(), 1e-6);
            assertArrayEquals(probability.toArray(), model.predictProbability(features).toArray(), 1e-9);
            assertEquals((double) row.getAs("prediction"), model.predict(features));
            assertEquals(1.0, java.util.Arrays.stream(probability.toArray()).sum(), 1e-9);
        }
    }

    @Test
    void aSingleRowOfTheWrongSizeIsRejectedWithBothSizes() {
        LazyNetClassificationModel model = classifier("dense(2)").setMaxIter(0)
                .fit(TestData.frame(spark, TestData.blobs(20, 3, 2, 1), 1));

        String message = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> model.predict(org.apache.spark.ml.linalg.Vectors.dense(1, 2))).getMessage();
        assertEquals("The features vector has size 2, but the network was built for 3 values (input shape (3,))",
                message);
    }

    @Test
    void theModelReportsConcreteShapes() {
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(60, 5, 3, 4), 2);
        LazyNetClassificationModel model = classifier("dense(8,relu) dense(3)").setMaxIter(1).fit(data);

        assertEquals(5, model.numFeatures());
        assertEquals(3, model.numClasses());
        Sequential network = model.network();
        assertEquals(Shape.of(8, 5), ((Dense) network.get(0)).weight().shape());
        assertEquals(Shape.of(3, 8), ((Dense) network.get(1)).weight().shape());
        assertEquals(InputShapeSource.FIRST_PARTITION, model.summary().inputShapeSource());
        assertEquals(Shape.of(5), model.summary().inputShape());
        assertEquals(60, model.summary().trainingRows());
    }

    @Test
    void aTemplateNetworkIsUsedByItsSpec() {
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(60, 2, 2, 5), 2);
        LazyNetClassifier estimator = new LazyNetClassifier().setMaxIter(1)
                .setNetwork(new Sequential().add(new Dense(4), new Dense(2)));

        assertEquals("dense(4) dense(2)", estimator.getLayers());
        assertEquals(Shape.of(4, 2), ((Dense) estimator.fit(data).network().get(0)).weight().shape());
    }

    @Test
    void validationFractionReportsValidationMetricsPerEpoch() {
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(400, 4, 3, 6), 2);
        LazyNetTrainingSummary summary = classifier("dense(8,relu) dense(3)").setMaxIter(3)
                .setValidationFraction(0.25).fit(data).summary();

        assertEquals(400, summary.trainingRows() + summary.validationRows());
        assertTrue(summary.validationRows() > 60 && summary.validationRows() < 140, "" + summary.validationRows());
        assertEquals(3, summary.validationLossHistory().size());
        assertEquals(3, summary.validationAccuracyHistory().size());
        assertTrue(summary.validationAccuracyHistory().get(2) > 0.9, "" + summary.validationAccuracyHistory());
        assertEquals(3, summary.secondsPerEpoch().size());
    }

    @Test
    void aValidationColumnHoldsOutTheMarkedRows() {
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(200, 4, 3, 8), 2)
                .withColumn("isVal", org.apache.spark.sql.functions.col("label").equalTo(0.0));
        LazyNetTrainingSummary summary = classifier("dense(3)").setMaxIter(1).setValidationIndicatorCol("isVal")
                .fit(data).summary();

        assertEquals(67, summary.validationRows());
        assertEquals(133, summary.trainingRows());
        assertEquals(1, summary.validationLossHistory().size());
    }

    @Test
    void anOptimizerNamedInCapitalsTrainsAsTheLowerCaseName() {
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(80, 3, 2, 10), 2);

        assertArrayEquals(classifier("dense(2)").setMaxIter(2).setOptimizer("sgd").fit(data).weights(),
                classifier("dense(2)").setMaxIter(2).setOptimizer("SGD").fit(data).weights());
    }

    @Test
    void withEveryOutputColumnNameEmptyTransformReturnsTheDataUnchanged() {
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(40, 2, 2, 11), 2);
        LazyNetClassificationModel model = classifier("dense(2)").setMaxIter(0).fit(data)
                .setProbabilityCol("").setRawPredictionCol("").setPredictionCol("");

        assertEquals(List.of("features", "label"), List.of(model.transform(data).columns()));
    }

    @Test
    void emptyOutputColumnNamesAreLeftOut() {
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(60, 2, 2, 9), 2);
        LazyNetClassificationModel model = classifier("dense(2)").setMaxIter(1).fit(data)
                .setProbabilityCol("").setRawPredictionCol("");

        assertEquals(List.of("features", "label", "prediction"), List.of(model.transform(data).columns()));
    }
}
