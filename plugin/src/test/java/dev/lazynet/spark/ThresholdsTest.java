package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.serve.Predictor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdsTest extends SparkTestBase {

    /** Overlapping blobs, so that a threshold moves some rows from one class to another. */
    private static final List<Row> ROWS = TestData.blobs(150, 2, 3, 14);

    /** Class 2 favoured: its probability counts twenty times. */
    private static final double[] FAVOUR_TWO = {1, 1, 0.05};

    private static LazyNetClassificationModel model;

    @TempDir
    Path dir;

    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers("dense(3)").setMaxIter(2).setBatchSize(50).setStepSize(0.05)
                .setSeed(3);
    }

    @BeforeAll
    static void fit() {
        model = classifier().fit(frame());
    }

    private static Dataset<Row> frame() {
        return TestData.frame(spark, ROWS, 2);
    }

    /** The prediction by Spark's rule, written out independently: argmax of p / t, a zero t winning. */
    private static double expected(Vector probability, double[] thresholds) {
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < probability.size(); j++) {
            double scaled = thresholds[j] == 0 ? Double.POSITIVE_INFINITY : probability.apply(j) / thresholds[j];
            if (scaled > max) {
                max = scaled;
                best = j;
            }
        }
        return best;
    }

    private static long predicted(List<Row> rows, double label) {
        return rows.stream().filter(r -> r.<Double>getAs("prediction") == label).count();
    }

    @Test
    void theModelPredictsTheClassWithTheLargestProbabilityOverItsThreshold() {
        List<Row> plain = model.transform(frame()).collectAsList();
        List<Row> favoured = model.copy(ParamMap.empty()).setThresholds(FAVOUR_TWO).transform(frame())
                .collectAsList();

        for (Row row : favoured) {
            assertEquals(expected(row.getAs("probability"), FAVOUR_TWO), row.<Double>getAs("prediction"));
        }
        assertTrue(predicted(favoured, 2) > predicted(plain, 2),
                predicted(favoured, 2) + " rows of class 2 with thresholds, " + predicted(plain, 2) + " without");
    }

    @Test
    void withoutThresholdsThePredictionIsTheLargestOutput() {
        for (Row row : model.transform(frame()).collectAsList()) {
            assertEquals(row.<Vector>getAs("rawPrediction").argmax(), row.<Double>getAs("prediction"));
        }
        assertFalse(model.isDefined(model.thresholds()));
    }

    @Test
    void aZeroThresholdMakesItsClassAlwaysPredicted() {
        LazyNetClassificationModel zero = model.copy(ParamMap.empty()).setThresholds(new double[] {1, 0, 1});

        assertEquals(ROWS.size(), predicted(zero.transform(frame()).collectAsList(), 1));
        assertEquals(1.0, zero.predict((Vector) ROWS.get(0).get(0)));
    }

    @Test
    void theSingleRowPredictionHonoursThresholdsAsTransformDoes() {
        LazyNetClassificationModel favoured = model.copy(ParamMap.empty()).setThresholds(FAVOUR_TWO);

        for (Row row : favoured.transform(frame()).collectAsList()) {
            assertEquals(row.<Double>getAs("prediction"), favoured.predict(row.getAs("features")));
        }
    }

    @Test
    void thresholdsOfAnotherLengthAreRefusedAtFitAndTransformInSparksWords() {
        IllegalArgumentException atFit = assertThrows(IllegalArgumentException.class,
                () -> classifier().setThresholds(new double[] {1, 1}).fit(frame()));
        IllegalArgumentException atTransform = assertThrows(IllegalArgumentException.class,
                () -> model.copy(ParamMap.empty()).setThresholds(new double[] {1, 1, 1, 1}).transform(frame()));

        assertEquals("LazyNetClassifier.fit() called with non-matching numClasses and thresholds.length."
                + " numClasses=3, but thresholds has length 2; give one threshold per class, or clear thresholds"
                + " to predict the most probable class", atFit.getMessage());
        assertTrue(atTransform.getMessage().startsWith("LazyNetClassificationModel.transform() called with"
                + " non-matching numClasses and thresholds.length. numClasses=3, but thresholds has length 4"),
                atTransform.getMessage());
    }

    @Test
    void negativeNanOrTwoZeroThresholdsAreRefusedNamingTheValues() {
        for (double[] bad : new double[][] {{1, -0.5, 1}, {1, Double.NaN, 1}, {0, 0, 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> classifier().setThresholds(bad));

            assertTrue(e.getMessage().startsWith("Invalid value " + Arrays.toString(bad)
                    + " for thresholds:"), e.getMessage());
            assertTrue(e.getMessage().contains("values >= 0, at most one of them 0"), e.getMessage());
        }
    }

    @Test
    void thresholdsSetOnTheClassifierReachTheModelAndSurviveSaveAndLoadAndThePredictor() throws IOException {
        LazyNetClassificationModel fitted = classifier().setThresholds(FAVOUR_TWO).fit(frame());
        String path = dir.resolve("model").toString();
        fitted.write().save(path);
        LazyNetClassificationModel loaded = LazyNetClassificationModel.load(path);
        Predictor predictor = Predictor.load(Path.of(path));

        assertArrayEquals(FAVOUR_TWO, fitted.getThresholds());
        assertArrayEquals(FAVOUR_TWO, loaded.getThresholds());
        List<Row> before = fitted.transform(frame()).collectAsList();
        List<Row> after = loaded.transform(frame()).collectAsList();
        for (int r = 0; r < before.size(); r++) {
            double prediction = before.get(r).getAs("prediction");
            assertEquals(prediction, after.get(r).<Double>getAs("prediction"), "row " + r);
            double[] features = before.get(r).<Vector>getAs("features").toArray();
            float[] row = new float[features.length];
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) features[j];
            }
            assertEquals(prediction, predictor.predict(row), "row " + r + " through the Predictor");
        }
    }

    @Test
    void crossValidatorChoosesAmongThresholdsAndAPipelineKeepsThemThroughSaveAndLoad() throws IOException {
        LazyNetClassifier estimator = classifier();
        double[] even = {1, 1, 1};
        CrossValidatorModel cv = new CrossValidator().setEstimator(new Pipeline().setStages(
                new PipelineStage[] {estimator}))
                .setEstimatorParamMaps(new ParamMap[] {new ParamMap().put(estimator.thresholds(), even),
                    new ParamMap().put(estimator.thresholds(), FAVOUR_TWO)})
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setNumFolds(2).setSeed(5).fit(frame());
        PipelineModel best = (PipelineModel) cv.bestModel();
        String path = dir.resolve("pipeline").toString();
        best.write().save(path);
        LazyNetClassificationModel reloaded = (LazyNetClassificationModel) PipelineModel.load(path).stages()[0];

        assertNotEquals(cv.avgMetrics()[0], cv.avgMetrics()[1]);
        double[] winner = cv.avgMetrics()[0] > cv.avgMetrics()[1] ? even : FAVOUR_TWO;
        assertArrayEquals(winner, ((LazyNetClassificationModel) best.stages()[0]).getThresholds());
        assertArrayEquals(winner, reloaded.getThresholds());
    }
}
