package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code evaluate} on models whose weights are set with {@code initialWeights} and no epoch, so that every
 * prediction, and so every metric, is known exactly.
 */
class EvaluateTest extends SparkTestBase {

    private static final double EXACT = 1e-12;

    private static List<Row> rows(double[] x, double[] labels) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            rows.add(RowFactory.create(Vectors.dense(x[i]), labels[i]));
        }
        return rows;
    }

    /** Logits {@code (-x, x)}: class 1 exactly where x > 0. */
    private static LazyNetClassificationModel signOfX() {
        return new LazyNetClassifier().setLayers("dense(2)").setMaxIter(0)
                .setInitialWeights(Vectors.dense(-1, 1, 0, 0)).fit(TestData.frame(spark,
                        rows(new double[] {-1, 1}, new double[] {0, 1}), 1));
    }

    @Test
    void aBinaryClassifiersMetricsAreThoseOfItsKnownPredictions() {
        // Predictions 0 0 0 1 1 1 1 against labels 0 0 1 1 0 1 1: class 0 has 2 of 3 right and 3 of its
        // 7 rows, class 1 has 3 of 4 right; the ranking by x puts 10 of the 12 (positive, negative) pairs
        // in order.
        List<Row> data = rows(new double[] {-2, -1, -0.5, 0.5, 1, 2, 3}, new double[] {0, 0, 1, 1, 0, 1, 1});

        LazyNetClassificationMetrics metrics = signOfX().evaluate(TestData.frame(spark, data, 2));

        assertEquals(5.0 / 7, metrics.accuracy(), EXACT);
        assertEquals(5.0 / 7, metrics.weightedPrecision(), EXACT);
        assertEquals(5.0 / 7, metrics.weightedRecall(), EXACT);
        assertEquals(5.0 / 7, metrics.weightedFMeasure(), EXACT);
        assertArrayEquals(new double[] {0, 1}, metrics.labels());
        assertArrayEquals(new double[] {2.0 / 3, 3.0 / 4}, metrics.precisionByLabel(), EXACT);
        assertArrayEquals(new double[] {2.0 / 3, 3.0 / 4}, metrics.recallByLabel(), EXACT);
        assertArrayEquals(new double[] {2.0 / 3, 3.0 / 4}, metrics.fMeasureByLabel(), EXACT);
        assertEquals(10.0 / 12, metrics.areaUnderROC().orElseThrow(), EXACT);
    }

    @Test
    void evaluateMeasuresThePredictionsTheThresholdsMakeEvenWithoutOutputColumns() {
        // Class 1's probability counts a thousand times, so only x = -4 (probability of class 1 below
        // 1/1000) stays class 0: predictions 0 1 1 1 1 1 1.
        List<Row> data = rows(new double[] {-4, -1, -0.5, 0.5, 1, 2, 3}, new double[] {0, 0, 1, 1, 0, 1, 1});
        LazyNetClassificationModel model = signOfX().setThresholds(new double[] {1, 0.001}).setPredictionCol("")
                .setProbabilityCol("").setRawPredictionCol("");

        LazyNetClassificationMetrics metrics = model.evaluate(TestData.frame(spark, data, 2));

        assertEquals(5.0 / 7, metrics.accuracy(), EXACT);
        assertArrayEquals(new double[] {1, 4.0 / 6}, metrics.precisionByLabel(), EXACT);
        assertArrayEquals(new double[] {1.0 / 3, 1}, metrics.recallByLabel(), EXACT);
    }

    @Test
    void moreThanTwoClassesHaveNoAreaUnderRoc() {
        LazyNetClassificationModel model = new LazyNetClassifier().setLayers("dense(3)").setMaxIter(1)
                .fit(TestData.frame(spark, TestData.blobs(30, 2, 3, 4), 1));

        assertFalse(model.evaluate(TestData.frame(spark, TestData.blobs(30, 2, 3, 4), 1)).areaUnderROC()
                .isPresent());
    }

    @Test
    void aRegressorsMetricsAreThoseOfItsKnownPredictions() {
        // y = 2x + 1 gives 1 3 5 7 against labels 1 3 5 8 (mean 4.25): one error of 1 in four rows.
        LazyNetRegressionModel model = new LazyNetRegressor().setLayers("dense(1)").setMaxIter(0)
                .setInitialWeights(Vectors.dense(2, 1)).fit(TestData.frame(spark,
                        rows(new double[] {0, 1}, new double[] {1, 3}), 1));
        List<Row> data = rows(new double[] {0, 1, 2, 3}, new double[] {1, 3, 5, 8});

        LazyNetRegressionMetrics metrics = model.evaluate(TestData.frame(spark, data, 2));

        assertEquals(0.25, metrics.meanSquaredError(), EXACT);
        assertEquals(0.5, metrics.rootMeanSquaredError(), EXACT);
        assertEquals(0.25, metrics.meanAbsoluteError(), EXACT);
        assertEquals(1 - 1 / 26.75, metrics.r2(), EXACT);
        assertEquals(20.25 / 4, metrics.explainedVariance(), EXACT);
    }

    @Test
    void aMissingLabelColumnIsRefusedNamingTheColumns() {
        LazyNetClassificationModel model = signOfX().setLabelCol("truth");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.evaluate(TestData.frame(spark, rows(new double[] {1}, new double[] {1}), 1)));

        assertTrue(e.getMessage().startsWith("Column \"truth\" does not exist; the columns are [features, label]"),
                e.getMessage());
    }
}
