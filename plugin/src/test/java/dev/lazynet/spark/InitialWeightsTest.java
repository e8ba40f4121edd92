package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Sequential;
import dev.lazynet.train.LocalTrainer;
import dev.lazynet.train.Optimizer;
import dev.lazynet.train.SoftmaxCrossEntropy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import scala.Predef;
import org.junit.jupiter.api.io.TempDir;

class InitialWeightsTest extends SparkTestBase {

    private static final List<Row> BLOBS = TestData.blobs(120, 4, 3, 7);
    private static final String SPEC = "dense(5,tanh) dense(3)";
    private static final int WEIGHTS = 4 * 5 + 5 + 5 * 3 + 3;

    @TempDir
    Path dir;

    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers(SPEC).setMaxIter(2).setBatchSize(30).setStepSize(0.05)
                .setOptimizer("sgd").setSeed(9);
    }

    /** Weights unlike any initializer's: a slow ramp around zero. */
    private static float[] ramp() {
        float[] w = new float[WEIGHTS];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7 - 3) * 0.05f;
        }
        return w;
    }

    private static Vector vector(float[] w) {
        double[] d = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            d[i] = w[i];
        }
        return Vectors.dense(d);
    }

    private Dataset<Row> blobs() {
        return TestData.frame(spark, BLOBS, 2);
    }

    @Test
    void aFitWithoutEpochsKeepsTheInitialWeightsExactly() {
        float[] weights = classifier().setMaxIter(0).setInitialWeights(vector(ramp())).fit(blobs()).weights();

        assertArrayEquals(ramp(), weights);
    }

    @Test
    void theSparkFitFromInitialWeightsMatchesTheSingleJvmTrainerFromTheSameWeights() {
        float[] distributed = classifier().setInitialWeights(vector(ramp())).fit(blobs()).weights();

        Sequential network = TestData.network(SPEC, BLOBS, 9);
        FlatParameters.of(network).setValues(ramp());
        new LocalTrainer(new SoftmaxCrossEntropy(), Optimizer.create("sgd", 0.05, 0), 2, 30, 9)
                .fit(network, TestData.features(BLOBS), TestData.labels(BLOBS));
        float[] local = FlatParameters.of(network).values();

        float difference = DeterminismTest.maxDifference(distributed, local);
        assertTrue(difference < 1e-5, "max difference " + difference);
    }

    @Test
    void aModelsWeightsContinueItsTrainingWhereItStopped() {
        LazyNetClassificationModel first = classifier().setMaxIter(1).fit(blobs());
        float[] resumed = classifier().setMaxIter(1).setInitialWeights(vector(first.weights())).fit(blobs())
                .weights();
        float[] second = classifier().setMaxIter(1).setInitialWeights(vector(first.weights())).fit(blobs())
                .weights();

        assertArrayEquals(resumed, second);
        assertTrue(DeterminismTest.maxDifference(first.weights(), resumed) > 0, "the second fit trained on");
    }

    @Test
    void theLastGoodWeightsOfADivergedFitResumeItWithASmallerStepSize() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.add(RowFactory.create(Vectors.dense(i % 5, 1, i % 3), 1e5 * (i % 4)));
        }
        Dataset<Row> data = TestData.frame(spark, rows, 2);
        LazyNetRegressor regressor = new LazyNetRegressor().setLayers("dense(1)").setOptimizer("sgd")
                .setStepSize(3e38).setMaxIter(2).setBatchSize(20).setSeed(2);
        TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class, () -> regressor.fit(data));

        regressor.setInitialWeights(vector(diverged.lastGoodWeights())).setStepSize(1e-6);
        float[] start = regressor.copy(ParamMap.empty()).setMaxIter(0).fit(data).weights();
        LazyNetRegressionModel resumed = regressor.fit(data);

        assertArrayEquals(diverged.lastGoodWeights(), start);
        List<Double> loss = resumed.summary().lossHistory();
        assertTrue(loss.get(1) < loss.get(0), "the resumed fit learns: " + loss);
    }

    @Test
    void aVectorOfTheWrongLengthIsRefusedNamingBothCountsAndTheNetwork() {
        LazyNetClassifier classifier = classifier().setInitialWeights(Vectors.zeros(10));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classifier.fit(blobs()));

        assertTrue(e.getMessage().contains("initialWeights has 10 values, but the network \"" + SPEC + "\" has "
                + WEIGHTS + " weights"), e.getMessage());
    }

    @Test
    void aNonFiniteInitialWeightIsRefusedNamingItsIndex() {
        double[] values = new double[WEIGHTS];
        values[3] = Double.NaN;
        LazyNetClassifier classifier = classifier().setInitialWeights(Vectors.dense(values));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classifier.fit(blobs()));

        assertTrue(e.getMessage().contains("the value NaN at index 3"), e.getMessage());
    }

    @Test
    void theEstimatorSavesAndLoadsItsInitialWeights() throws Exception {
        LazyNetClassifier classifier = classifier().setInitialWeights(vector(ramp()));
        classifier.write().overwrite().save(dir.resolve("estimator").toString());

        LazyNetClassifier loaded = LazyNetClassifier.load(dir.resolve("estimator").toString());

        assertEquals(vector(ramp()), loaded.getInitialWeights());
    }

    @Test
    void crossValidationCanChooseBetweenInitialWeights() {
        LazyNetClassifier classifier = classifier().setMaxIter(1);
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(classifier.initialWeights(), Predef.wrapRefArray(
                        new Vector[] {vector(ramp()), Vectors.zeros(WEIGHTS)}))
                .build();
        CrossValidator cv = new CrossValidator()
                .setEstimator(new Pipeline().setStages(new PipelineStage[] {classifier}))
                .setEstimatorParamMaps(grid).setEvaluator(new MulticlassClassificationEvaluator()).setNumFolds(2)
                .setSeed(1);

        CrossValidatorModel model = cv.fit(blobs());

        assertEquals(2, model.avgMetrics().length);
    }
}
