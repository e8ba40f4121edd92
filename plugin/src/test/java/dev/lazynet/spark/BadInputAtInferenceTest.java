package dev.lazynet.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static dev.lazynet.spark.FailureMessages.assertContains;
import static dev.lazynet.spark.FailureMessages.invalidDataCause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The bad-input catalogue's cases for fitted models: {@code transform} and the single-row methods check
 * every feature as {@code fit} does, with the same words.
 */
class BadInputAtInferenceTest extends SparkTestBase {

    private static LazyNetClassificationModel classifier;
    private static LazyNetRegressionModel regressor;

    @BeforeAll
    static void fitModels() {
        classifier = new LazyNetClassifier().setLayers("dense(3)").setMaxIter(1).setBatchSize(16).fit(data(null, 0));
        regressor = new LazyNetRegressor().setLayers("dense(1)").setMaxIter(1).setBatchSize(16).fit(data(null, 0));
    }

    /** 3 partitions of 4 rows with 3 features and labels 0, 1, 2; row {@code at} replaced unless null. */
    private static Dataset<Row> data(Row replacing, int at) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(RowFactory.create(Vectors.dense(i, -i, 1), (double) (i % 3)));
        }
        if (replacing != null) {
            rows.set(at, replacing);
        }
        return TestData.frame(spark, rows, 3);
    }

    private static String singleRowError(Runnable prediction) {
        return assertThrows(IllegalArgumentException.class, prediction::run).getMessage();
    }

    @Test
    void transformRefusesNaNAndInfiniteFeaturesUnderErrorAndDropsThemUnderSkip() {
        Dataset<Row> nan = data(RowFactory.create(Vectors.dense(1, Double.NaN, 3), 1.0), 6);
        Dataset<Row> infinite = data(RowFactory.create(Vectors.dense(Double.POSITIVE_INFINITY, 2, 3), 1.0), 9);

        assertContains(invalidDataCause(assertThrows(Exception.class, () -> classifier.transform(nan).count())),
                "Column \"features\" has NaN at index 1 in partition 1, row 2", "finite numbers",
                "set handleInvalid to \"skip\"");
        assertContains(invalidDataCause(assertThrows(Exception.class, () -> regressor.transform(infinite).count())),
                "Column \"features\" has Infinity at index 0 in partition 2, row 1");
        assertEquals(11, classifier.copy(ParamMap.empty()).setHandleInvalid("skip")
                .transform(nan).count());
        assertEquals(11, regressor.copy(ParamMap.empty()).setHandleInvalid("skip")
                .transform(infinite).count());
    }

    @Test
    void singleRowPredictionsRefuseFeaturesThatAreNotFiniteFloats() {
        Vector nan = Vectors.dense(1, Double.NaN, 3);

        assertContains(singleRowError(() -> classifier.predict(nan)), "The features vector has NaN at index 1",
                "finite numbers", "Imputer");
        assertContains(singleRowError(() -> classifier.predictRaw(nan)), "has NaN at index 1");
        assertContains(singleRowError(() -> classifier.predictProbability(nan)), "has NaN at index 1");
        assertContains(singleRowError(() -> regressor.predict(Vectors.dense(1, 2, Double.NEGATIVE_INFINITY))),
                "The features vector has -Infinity at index 2");
        assertContains(singleRowError(() -> regressor.predict(Vectors.dense(3.5e38, 2, 3))),
                "has 3.5E38 at index 0, beyond the float32 range (±3.4028235E38)", "StandardScaler");
        assertContains(singleRowError(() -> regressor.predict(null)), "The features vector is null",
                "needs 3 values");
    }

    @Test
    void aValueBeyondFloatRangeIsCalledThatNotNonFinite() {
        String message = assertThrows(IllegalArgumentException.class, () -> new LazyNetClassifier()
                .setLayers("dense(3)").setMaxIter(1).fit(data(RowFactory.create(Vectors.dense(1, 3.5e38, 3), 1.0), 4)))
                .getMessage();

        assertContains(message, "Column \"features\" has 3.5E38 at index 1 in partition 1, row 0",
                "beyond the float32 range", "rescale the features (e.g. with StandardScaler)",
                "set handleInvalid to \"skip\"");
    }
}
