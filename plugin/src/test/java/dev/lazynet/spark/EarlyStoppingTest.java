package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Sequential;
import dev.lazynet.train.LocalTrainer;
import dev.lazynet.train.MeanSquaredError;
import dev.lazynet.train.Optimizer;
import dev.lazynet.train.TrainingHistory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyStoppingTest extends SparkTestBase {

    /** Training rows of one linear function, validation rows of another: the validation loss falls, then rises. */
    private static final List<Row> TRAIN = TestData.linear(160, new double[] {3, -2, 4}, 21);
    private static final List<Row> VALIDATION = TestData.linear(40, new double[] {3, -2, 1}, 22);
    private static final StructType SCHEMA = TestData.SCHEMA.add("isVal", DataTypes.BooleanType);
    private static final String SPEC = "dense(4,relu) dense(1)";
    private static final int MAX_ITER = 12;
    private static final int PATIENCE = 2;

    /** The early stopped fit several tests compare against, fitted once for the class. */
    private static LazyNetRegressionModel stopped;

    @TempDir
    Path dir;

    private static LazyNetRegressor regressor() {
        return new LazyNetRegressor().setLayers(SPEC).setOptimizer("sgd").setStepSize(0.05).setMaxIter(MAX_ITER)
                .setBatchSize(40).setSeed(6).setValidationIndicatorCol("isVal");
    }

    private Dataset<Row> data() {
        List<Row> rows = new ArrayList<>();
        for (Row r : TRAIN) {
            rows.add(RowFactory.create(r.get(0), r.get(1), false));
        }
        for (Row r : VALIDATION) {
            rows.add(RowFactory.create(r.get(0), r.get(1), true));
        }
        return TestData.frame(spark, rows, 2, SCHEMA);
    }

    private LazyNetRegressionModel stoppedFit() {
        if (stopped == null) {
            stopped = regressor().setEarlyStoppingPatience(PATIENCE).fit(data());
        }
        return stopped;
    }

    @Test
    void theFitStopsPatienceEpochsAfterTheBestAndKeepsItsWeights() {
        LazyNetRegressionModel model = stoppedFit();
        LazyNetTrainingSummary summary = model.summary();
        int best = summary.bestEpoch();

        assertTrue(best > 1 && best + PATIENCE < MAX_ITER, "best epoch " + best + " of " + summary.validationLossHistory());
        assertEquals(best + PATIENCE, summary.totalEpochs());
        double lowest = summary.validationLossHistory().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertEquals(lowest, summary.validationLossHistory().get(best - 1));
        assertArrayEquals(regressor().setMaxIter(best).fit(data()).weights(), model.weights());
    }

    @Test
    void theSingleJvmTrainerStopsAtTheSameEpochWithTheSameWeights() {
        LazyNetRegressionModel model = stoppedFit();
        Sequential network = TestData.network(SPEC, TRAIN, 6);

        TrainingHistory history = new LocalTrainer(new MeanSquaredError(), Optimizer.create("sgd", 0.05, 0),
                MAX_ITER, 40, 6).withValidation(TestData.features(VALIDATION), TestData.labels(VALIDATION), PATIENCE)
                .fit(network, TestData.features(TRAIN), TestData.labels(TRAIN));

        assertEquals(model.summary().bestEpoch(), history.bestEpoch());
        assertEquals(model.summary().totalEpochs(), history.epochs());
        float difference = DeterminismTest.maxDifference(model.weights(), FlatParameters.of(network).values());
        assertTrue(difference < 1e-5, "max difference " + difference);
    }

    @Test
    void aResumedFitStopsAtTheSameEpochWithTheSameWeightsAsAnUninterruptedOne() {
        LazyNetRegressionModel uninterrupted = stoppedFit();
        int best = uninterrupted.summary().bestEpoch();
        String checkpoints = dir.resolve("checkpoints").toString();
        regressor().setEarlyStoppingPatience(PATIENCE).setMaxIter(best + 1).setCheckpointDir(checkpoints).fit(data());

        LazyNetRegressionModel resumed = regressor().setEarlyStoppingPatience(PATIENCE).setCheckpointDir(checkpoints)
                .fit(data());

        assertEquals(best + 1, resumed.summary().resumedFromEpoch());
        assertEquals(best, resumed.summary().bestEpoch());
        assertEquals(uninterrupted.summary().totalEpochs(), resumed.summary().totalEpochs());
        assertArrayEquals(uninterrupted.weights(), resumed.weights());
    }

    @Test
    void aFitResumedFromTheCheckpointWrittenWhenItStoppedTrainsNoFurther() {
        String checkpoints = dir.resolve("stopped").toString();
        LazyNetRegressionModel stopped = regressor().setEarlyStoppingPatience(PATIENCE).setCheckpointDir(checkpoints)
                .setCheckpointInterval(100).fit(data());

        LazyNetRegressionModel again = regressor().setEarlyStoppingPatience(PATIENCE).setCheckpointDir(checkpoints)
                .setCheckpointInterval(100).fit(data());

        assertTrue(stopped.summary().totalEpochs() < MAX_ITER);
        assertEquals(0, stopped.summary().resumedFromEpoch());
        assertEquals(stopped.summary().totalEpochs(), again.summary().resumedFromEpoch());
        assertArrayEquals(stopped.weights(), again.weights());
    }

    @Test
    void withoutPatienceTheBestEpochIsReportedAndTheLastEpochsWeightsKept() {
        LazyNetRegressionModel model = regressor().fit(data());
        LazyNetTrainingSummary summary = model.summary();
        List<Double> losses = summary.validationLossHistory();
        double lowest = losses.stream().mapToDouble(Double::doubleValue).min().orElseThrow();

        assertEquals(MAX_ITER, summary.totalEpochs());
        assertEquals(losses.indexOf(lowest) + 1, summary.bestEpoch());
        assertTrue(summary.bestEpoch() < MAX_ITER);
        assertEquals(MAX_ITER, regressor().setValidationIndicatorCol("").setMaxIter(MAX_ITER).fit(data()).summary()
                .bestEpoch());
    }

    @Test
    void patienceWithoutValidationRowsIsRefusedAtFitStartNamingBothParams() {
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class, () -> regressor()
                .setValidationIndicatorCol("").setEarlyStoppingPatience(3).fit(data()));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> regressor()
                .setEarlyStoppingPatience(3).fit(data().filter("not isVal")));

        assertEquals("earlyStoppingPatience is 3, but there are no validation rows to stop by: set"
                + " validationFraction (e.g. 0.1) or validationIndicatorCol, or set earlyStoppingPatience to 0",
                unset.getMessage());
        assertEquals("earlyStoppingPatience is 3, but no row was held out for validation by validationIndicatorCol"
                + " \"isVal\"; hold out some rows, or set earlyStoppingPatience to 0", none.getMessage());
    }

    @Test
    void aNegativePatienceIsRefusedWithTheParamsConstraint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> regressor().setEarlyStoppingPatience(-1));

        assertTrue(e.getMessage().startsWith("Invalid value -1 for earlyStoppingPatience:"), e.getMessage());
    }

    @Test
    void thePatienceIsSavedAndLoadedAndAnOlderModelDirectoryLoadsWithItOff() throws Exception {
        regressor().setEarlyStoppingPatience(4).write().overwrite().save(dir.resolve("estimator").toString());
        Path saved = dir.resolve("older-model");
        regressor().setMaxIter(0).fit(data()).write().overwrite().save(saved.toString());
        SavedMetadata.withoutDefault(saved, "earlyStoppingPatience");

        assertEquals(4, LazyNetRegressor.load(dir.resolve("estimator").toString()).getEarlyStoppingPatience());
        assertEquals(0, LazyNetRegressionModel.load(saved.toString()).getEarlyStoppingPatience());
    }
}
