package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LazyNetRegressorTest extends SparkTestBase {

    @Test
    void transformAddsThePredictionThatPredictGivesForOneRow() {
        Dataset<Row> data = TestData.frame(spark, TestData.linear(100, new double[] {1.5, -2, 0.5}, 1), 2);
        LazyNetRegressionModel model = new LazyNetRegressor().setLayers("dense(4,tanh) dense(1)").setMaxIter(2)
                .setBatchSize(40).fit(data);
        Dataset<Row> predicted = model.transform(data);

        assertEquals(List.of("features", "label", "prediction"), List.of(predicted.columns()));
        Row first = predicted.first();
        assertEquals(first.getDouble(2), model.predict((Vector) first.get(0)), 1e-6);
    }

    @Test
    void anEmptyPredictionColumnNameMeansNoSuchColumn() {
        Dataset<Row> data = TestData.frame(spark, TestData.linear(60, new double[] {1, -1}, 3), 2);
        LazyNetRegressor regressor = new LazyNetRegressor().setLayers("dense(1)").setMaxIter(1).setPredictionCol("");

        assertEquals(List.of("features", "label"), List.of(regressor.transformSchema(data.schema()).fieldNames()));
        LazyNetRegressionModel model = regressor.fit(data);
        assertEquals(List.of("features", "label"), List.of(model.transform(data).columns()));
        assertEquals(List.of("features", "label", "score"),
                List.of(model.setPredictionCol("score").transform(data).columns()));
    }

    @Test
    void validationReportsALossButNoAccuracy() {
        Dataset<Row> data = TestData.frame(spark, TestData.linear(200, new double[] {1, 1}, 2), 2);
        LazyNetTrainingSummary summary = new LazyNetRegressor().setLayers("dense(8,relu) dense(1)").setMaxIter(2)
                .setBatchSize(50).setValidationFraction(0.2).fit(data).summary();

        assertEquals(2, summary.validationLossHistory().size());
        assertTrue(summary.validationAccuracyHistory().isEmpty());
    }
}
