package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Sequential;
import dev.lazynet.spark.internal.engine.EngineSettings;
import dev.lazynet.train.LocalTrainer;
import dev.lazynet.train.MeanSquaredError;
import dev.lazynet.train.Optimizer;
import dev.lazynet.train.SoftmaxCrossEntropy;
import dev.lazynet.train.TrainingHistory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weightCol}: a row of weight w counts as the row w times, on the Spark path as in the single-JVM
 * trainer; bad weights are refused or skipped; validation metrics and {@code evaluate} are weighted.
 */
class WeightColTest extends SparkTestBase {

    private static final List<Row> BLOBS = TestData.blobs(90, 4, 3, 31);
    private static final List<Row> LINEAR = TestData.linear(120, new double[] {3, -2, 4}, 21);
    private static final StructType WEIGHTED = TestData.SCHEMA.add("w", DataTypes.DoubleType);
    private static final String CLASSIFIER = "dense(8,relu) dense(3)";
    private static final String REGRESSOR = "dense(4,relu) dense(1)";

    @TempDir
    Path dir;

    @AfterEach
    void clearSettings() {
        spark.sparkContext().setLocalProperty(EngineSettings.EXACT_SUMS, null);
    }

    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers(CLASSIFIER).setOptimizer("sgd").setStepSize(0.05).setMaxIter(3)
                .setBatchSize(20).setSeed(5);
    }

    private static LazyNetRegressor regressor() {
        return new LazyNetRegressor().setLayers(REGRESSOR).setOptimizer("sgd").setStepSize(0.05).setMaxIter(3)
                .setBatchSize(30).setSeed(6);
    }

    /** Weights from 0 to 3 in steps of 0.25, drawn with a fixed seed. */
    private static double[] someWeights(int rows) {
        Random rng = new Random(17);
        double[] w = new double[rows];
        for (int i = 0; i < rows; i++) {
            w[i] = rng.nextInt(13) * 0.25;
        }
        return w;
    }

    private static List<Row> withWeights(List<Row> rows, IntFunction<Object> weight) {
        List<Row> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(RowFactory.create(rows.get(i).get(0), rows.get(i).get(1), weight.apply(i)));
        }
        return out;
    }

    private Dataset<Row> weighted(List<Row> rows, IntFunction<Object> weight, int partitions) {
        return TestData.frame(spark, withWeights(rows, weight), partitions, WEIGHTED);
    }

    /** The row weights as the single-JVM trainer takes them; {@code null} stays {@code null}: no weights. */
    private static float[] floats(double[] weights) {
        if (weights == null) {
            return null;
        }
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) weights[i];
        }
        return w;
    }

    /** The single-JVM trainer's weights for {@code rows} with these row weights ({@code null}: none). */
    private static float[] localFit(String spec, List<Row> rows, double[] weights, LocalTrainer trainer, long seed) {
        Sequential network = TestData.network(spec, rows, seed);
        trainer.fit(network, TestData.features(rows), TestData.labels(rows), floats(weights));
        return FlatParameters.of(network).values();
    }

    @Test
    void aWeightOfTwoOnEveryRowTrainsBitwiseAsNoWeightColumn() {
        float[] plain = classifier().fit(TestData.frame(spark, BLOBS, 3)).weights();
        float[] doubled = classifier().setWeightCol("w").fit(weighted(BLOBS, i -> 2.0, 3)).weights();
        // Doubling is exact in floats: every weighted sum is twice the plain one, and so is the divisor.
        assertArrayEquals(plain, doubled);
    }

    /**
     * Every step's mini-batch holds all rows (batchSize above the row count), so both fits sum the same rows
     * at every step and divide by the same weight, 91; only the grouping of the float sums differs. With
     * smaller batches the duplicate would fall into another mini-batch than its original, and the fits would
     * take different steps.
     */
    @Test
    void aRowOfWeightTwoTrainsAsTheSameRowGivenTwice() {
        List<Row> twice = new ArrayList<>(BLOBS);
        twice.add(BLOBS.get(4));
        LazyNetClassifier oneBatch = classifier().setBatchSize(100);

        float[] weighted = oneBatch.copy(ParamMap.empty()).setWeightCol("w")
                .fit(weighted(BLOBS, i -> i == 4 ? 2.0 : 1.0, 2)).weights();
        float[] duplicated = oneBatch.fit(TestData.frame(spark, twice, 2)).weights();
        float[] plain = oneBatch.fit(TestData.frame(spark, BLOBS, 2)).weights();

        float difference = DeterminismTest.maxDifference(weighted, duplicated);
        assertTrue(difference < 1e-5, "max difference " + difference);
        assertTrue(DeterminismTest.maxDifference(weighted, plain) > 1e-4, "the weight changed the fit");
    }

    @Test
    void theSparkFitWeighsRowsAsTheSingleJvmTrainerDoes() {
        double[] w = someWeights(LINEAR.size());
        float[] spark3 = regressor().setWeightCol("w").fit(weighted(LINEAR, i -> w[i], 3)).weights();
        float[] local = localFit(REGRESSOR, LINEAR, w,
                new LocalTrainer(new MeanSquaredError(), Optimizer.create("sgd", 0.05, 0), 3, 30, 6), 6);
        float[] unweighted = localFit(REGRESSOR, LINEAR, null,
                new LocalTrainer(new MeanSquaredError(), Optimizer.create("sgd", 0.05, 0), 3, 30, 6), 6);

        float difference = DeterminismTest.maxDifference(spark3, local);
        assertTrue(difference < 1e-5, "max difference " + difference);
        assertTrue(DeterminismTest.maxDifference(local, unweighted) > 1e-3, "the weights changed the fit");
    }

    @Test
    void withExactSumsOneAndThreePartitionsAndTheSingleJvmTrainerGiveBitwiseTheSameWeights() {
        double[] w = someWeights(BLOBS.size());
        spark.sparkContext().setLocalProperty(EngineSettings.EXACT_SUMS, "true");
        float[] one = classifier().setWeightCol("w").fit(weighted(BLOBS, i -> w[i], 1)).weights();
        float[] three = classifier().setWeightCol("w").fit(weighted(BLOBS, i -> w[i], 3)).weights();
        float[] local = localFit(CLASSIFIER, BLOBS, w, new LocalTrainer(new SoftmaxCrossEntropy(),
                Optimizer.create("sgd", 0.05, 0), 3, 20, 5).exactSums(), 5);

        assertArrayEquals(one, three);
        assertArrayEquals(local, one);
    }

    @Test
    void localStepsWeighTheirRowsToo() {
        double[] w = someWeights(LINEAR.size());
        LazyNetRegressor local = regressor().setLocalSteps(2);
        float[] plain = local.fit(TestData.frame(spark, LINEAR, 3)).weights();
        float[] doubled = local.copy(ParamMap.empty()).setWeightCol("w").fit(weighted(LINEAR, i -> 2.0, 3)).weights();
        float[] varied = local.copy(ParamMap.empty()).setWeightCol("w").fit(weighted(LINEAR, i -> w[i], 3)).weights();

        assertArrayEquals(plain, doubled);
        assertTrue(DeterminismTest.maxDifference(plain, varied) > 1e-3, "the weights changed the fit");
    }

    @Test
    void theValidationLossAndTheTrainingLossAreWeightedMeansAsInTheSingleJvmTrainer() {
        double[] w = someWeights(LINEAR.size());
        StructType schema = WEIGHTED.add("isVal", DataTypes.BooleanType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < LINEAR.size(); i++) {
            rows.add(RowFactory.create(LINEAR.get(i).get(0), LINEAR.get(i).get(1), w[i], i >= 90));
        }
        LazyNetRegressionModel model = regressor().setWeightCol("w").setValidationIndicatorCol("isVal")
                .fit(TestData.frame(spark, rows, 3, schema));

        List<Row> train = LINEAR.subList(0, 90);
        List<Row> held = LINEAR.subList(90, LINEAR.size());
        TrainingHistory local = new LocalTrainer(new MeanSquaredError(), Optimizer.create("sgd", 0.05, 0), 3, 30, 6)
                .withValidation(TestData.features(held), TestData.labels(held),
                        floats(Arrays.copyOfRange(w, 90, w.length)), 0)
                .fit(TestData.network(REGRESSOR, train, 6), TestData.features(train), TestData.labels(train),
                        floats(Arrays.copyOf(w, 90)));

        for (int epoch = 0; epoch < 3; epoch++) {
            assertEquals(local.lossHistory().get(epoch), model.summary().lossHistory().get(epoch),
                    1e-5 * local.lossHistory().get(epoch));
            double validation = local.validationLossHistory().get(epoch);
            assertEquals(validation, model.summary().validationLossHistory().get(epoch), 1e-5 * validation);
        }
    }

    @Test
    void nullNegativeNanOrInfiniteWeightsAreErrorsNamingTheColumnPartitionRowValueAndRemedy() {
        Object[] bad = {null, -1.0, Double.NaN, Double.POSITIVE_INFINITY};
        for (Object value : bad) {
            Dataset<Row> data = weighted(LINEAR, i -> i == 37 ? value : 1.0, 3);
            InvalidDataException e = assertThrows(InvalidDataException.class,
                    () -> regressor().setWeightCol("w").fit(data), String.valueOf(value));
            assertTrue(e.getMessage().startsWith("Column \"w\" (weightCol) " + (value == null ? "is null" : "has "
                    + value) + " in partition 0, row 37, but "), e.getMessage());
            assertTrue(e.getMessage().contains("set handleInvalid to \"skip\""), e.getMessage());
        }
    }

    @Test
    void withHandleInvalidSkipBadWeightsAreSkippedAndCountedAndAWeightOfZeroIsKept() {
        Object[] values = {null, -1.0, Double.NaN, Double.NEGATIVE_INFINITY, 0.0};
        LazyNetRegressionModel model = regressor().setWeightCol("w").setHandleInvalid("skip")
                .fit(weighted(LINEAR, i -> i < values.length ? values[i] : 1.0, 2));

        assertEquals(4, model.summary().rowsSkipped());
        assertEquals(LINEAR.size() - 4, model.summary().trainingRows());
    }

    @Test
    void aMissingOrNonNumericWeightColumnIsRefusedAtFitStart() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> regressor().setWeightCol("nope").fit(weighted(LINEAR, i -> 1.0, 1)));
        assertTrue(missing.getMessage().startsWith("Column \"nope\" does not exist; the columns are [features,"
                + " label, w]. Set weightCol to one of them"), missing.getMessage());

        Dataset<Row> text = weighted(LINEAR, i -> 1.0, 1).withColumn("w", org.apache.spark.sql.functions.lit("1"));
        IllegalArgumentException string = assertThrows(IllegalArgumentException.class,
                () -> regressor().setWeightCol("w").fit(text));
        assertTrue(string.getMessage().startsWith("Column \"w\" has type string, but weightCol must name a numeric"
                + " column (double, float, int, ...)"), string.getMessage());
    }

    @Test
    void trainingRowsThatAllWeighZeroAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> regressor().setWeightCol("w").fit(weighted(LINEAR, i -> 0.0, 2)));
        assertTrue(e.getMessage().startsWith("Every one of the 120 training rows has weight 0 in column \"w\""),
                e.getMessage());
    }

    @Test
    void theValidationAccuracyAndEvaluateWeighTheRows() {
        // Weight 0 on every row of class 2: a weighted accuracy counts only classes 0 and 1.
        StructType schema = WEIGHTED.add("isVal", DataTypes.BooleanType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < BLOBS.size(); i++) {
            Row r = BLOBS.get(i);
            rows.add(RowFactory.create(r.get(0), r.get(1), r.getDouble(1) == 2 ? 0.0 : 1.0, i % 3 == 0));
        }
        Dataset<Row> data = TestData.frame(spark, rows, 2, schema);
        LazyNetClassificationModel model = classifier().setLayers("dense(3)").setMaxIter(1).setWeightCol("w")
                .setValidationIndicatorCol("isVal").fit(data);
        Dataset<Row> validation = data.filter("isVal");
        List<Row> predicted = model.transform(validation).select("label", "prediction").collectAsList();
        double correct = 0;
        double weight = 0;
        for (Row r : predicted) {
            if (r.getDouble(0) != 2) {
                weight++;
                correct += r.getDouble(0) == r.getDouble(1) ? 1 : 0;
            }
        }

        assertEquals("w", model.getWeightCol());
        assertEquals(correct / weight, model.summary().validationAccuracyHistory().get(0), 1e-12);
        assertEquals(correct / weight, model.evaluate(validation).accuracy(), 1e-12);
        assertEquals(correct / weight, new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .setWeightCol("w").evaluate(model.transform(validation)), 1e-12);
    }

    @Test
    void evaluateOnADatasetWithoutTheWeightColumnWeighsEveryRowOne() {
        LazyNetRegressionModel model = regressor().setWeightCol("w").setMaxIter(1)
                .fit(weighted(LINEAR, i -> 2.0, 2));
        assertEquals(model.evaluate(weighted(LINEAR, i -> 2.0, 2)).meanSquaredError(),
                model.evaluate(TestData.frame(spark, LINEAR, 2)).meanSquaredError(), 1e-12);
    }

    @Test
    void theWeightColumnIsSavedAndLoadedWithTheEstimatorAndItsModel() throws Exception {
        LazyNetRegressionModel model = regressor().setWeightCol("w").setMaxIter(0).fit(weighted(LINEAR, i -> 1.0, 1));
        model.write().overwrite().save(dir.resolve("model").toString());
        regressor().setWeightCol("w").write().overwrite().save(dir.resolve("estimator").toString());

        assertEquals("w", LazyNetRegressionModel.load(dir.resolve("model").toString()).getWeightCol());
        assertEquals("w", LazyNetRegressor.load(dir.resolve("estimator").toString()).getWeightCol());
        LazyNetRegressor fresh = new LazyNetRegressor();
        assertFalse(fresh.isDefined(fresh.weightCol()), "weightCol has no default: every row weighs 1");
    }

    @Test
    void aCrossValidatorWithAWeightedEvaluatorTunesAWeightedClassifier() {
        LazyNetClassifier net = classifier().setLayers("dense(3)").setMaxIter(2).setWeightCol("w");
        ParamMap[] grid = new ParamGridBuilder().addGrid(net.stepSize(), new double[] {0.01, 0.1}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(net).setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy").setWeightCol("w"))
                .setNumFolds(2).setSeed(1).fit(weighted(BLOBS, i -> i % 2 == 0 ? 2.0 : 0.5, 2));

        assertEquals("w", ((LazyNetClassificationModel) cv.bestModel()).getWeightCol());
        assertEquals(2, cv.avgMetrics().length);
    }

    @Test
    void aCheckpointOfOtherWeightsIsRefusedAsOtherData() {
        String checkpoints = dir.resolve("checkpoints").toString();
        regressor().setWeightCol("w").setMaxIter(1).setCheckpointDir(checkpoints).fit(weighted(LINEAR, i -> 1.0, 2));

        String message = assertThrows(IllegalArgumentException.class, () -> regressor().setWeightCol("w")
                .setMaxIter(2).setCheckpointDir(checkpoints).fit(weighted(LINEAR, i -> i == 5 ? 3.0 : 1.0, 2)))
                .getMessage();
        assertTrue(message.startsWith(checkpoints + " holds a checkpoint of other data: "), message);
    }
}
