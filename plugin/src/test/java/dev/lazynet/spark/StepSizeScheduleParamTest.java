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
import dev.lazynet.train.StepSizeSchedule;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Predef;

class StepSizeScheduleParamTest extends SparkTestBase {

    private static final List<Row> LINEAR = TestData.linear(160, new double[] {3, -2, 4}, 21);
    private static final String SPEC = "dense(4,relu) dense(1)";
    private static final String SCHEDULE = "warmup(1) step(1,0.5)";

    @TempDir
    Path dir;

    private static LazyNetRegressor regressor() {
        return new LazyNetRegressor().setLayers(SPEC).setOptimizer("sgd").setStepSize(0.05).setMaxIter(3)
                .setBatchSize(40).setSeed(6);
    }

    private static float[] localFit(String schedule) {
        Sequential network = TestData.network(SPEC, LINEAR, 6);
        new LocalTrainer(new MeanSquaredError(), Optimizer.create("sgd", 0.05, 0), 3, 40, 6)
                .withSchedule(StepSizeSchedule.parse(schedule))
                .fit(network, TestData.features(LINEAR), TestData.labels(LINEAR));
        return FlatParameters.of(network).values();
    }

    @Test
    void theSparkFitFollowsTheScheduleAsTheSingleJvmTrainerDoes() {
        float[] scheduled = regressor().setStepSizeSchedule(SCHEDULE).fit(TestData.frame(spark, LINEAR, 3)).weights();
        float[] local = localFit(SCHEDULE);
        float[] constant = localFit("constant");

        float difference = DeterminismTest.maxDifference(scheduled, local);
        assertTrue(difference < 1e-5, "max difference " + difference);
        assertTrue(DeterminismTest.maxDifference(local, constant) > 1e-2, "the schedule changed the weights");
    }

    @Test
    void aConstantScheduleGivesBitwiseTheWeightsOfAFitWithoutOne() {
        assertArrayEquals(regressor().fit(TestData.frame(spark, LINEAR, 3)).weights(),
                regressor().setStepSizeSchedule("constant").fit(TestData.frame(spark, LINEAR, 3)).weights());
    }

    @Test
    void localStepsTakeEachEpochsStepSizeToThePartitions() {
        float[] constant = regressor().setLocalSteps(2).fit(TestData.frame(spark, LINEAR, 2)).weights();
        float[] scheduled = regressor().setLocalSteps(2).setStepSizeSchedule("step(1,0.1)")
                .fit(TestData.frame(spark, LINEAR, 2)).weights();
        float[] again = regressor().setLocalSteps(2).setStepSizeSchedule("step(1,0.1)")
                .fit(TestData.frame(spark, LINEAR, 2)).weights();

        assertTrue(DeterminismTest.maxDifference(constant, scheduled) > 1e-3, "the schedule changed the weights");
        assertArrayEquals(scheduled, again);
    }

    @Test
    void aResumedFitContinuesTheScheduleFromItsCheckpointsEpoch() {
        String checkpoints = dir.resolve("checkpoints").toString();
        regressor().setStepSizeSchedule(SCHEDULE).setMaxIter(2).setCheckpointDir(checkpoints)
                .fit(TestData.frame(spark, LINEAR, 3));

        LazyNetRegressionModel resumed = regressor().setStepSizeSchedule(SCHEDULE).setCheckpointDir(checkpoints)
                .fit(TestData.frame(spark, LINEAR, 3));
        float[] uninterrupted = regressor().setStepSizeSchedule(SCHEDULE).fit(TestData.frame(spark, LINEAR, 3))
                .weights();

        assertEquals(2, resumed.summary().resumedFromEpoch());
        assertArrayEquals(uninterrupted, resumed.weights());
    }

    @Test
    void aCheckpointOfAnotherScheduleIsRefusedNamingIt() {
        String checkpoints = dir.resolve("other").toString();
        regressor().setMaxIter(1).setCheckpointDir(checkpoints).fit(TestData.frame(spark, LINEAR, 1));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> regressor()
                .setStepSizeSchedule("cosine").setCheckpointDir(checkpoints).fit(TestData.frame(spark, LINEAR, 1)));

        assertTrue(e.getMessage().contains("stepSizeSchedule is not set there but \"cosine over 3 epochs\" here"),
                e.getMessage());
    }

    @Test
    void textThatDoesNotParseIsRefusedWhenSetWithThePosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> regressor().setStepSizeSchedule("step(2)"));

        assertTrue(e.getMessage().startsWith("The step size schedule \"step(2)\" has \")\" at position 7 where ','"
                + " was expected"), e.getMessage());
    }

    @Test
    void aScheduleWhoseStepSizeUnderflowsIsRefusedBeforeTheFit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> regressor()
                .setStepSizeSchedule("step(1,1e-40)").fit(TestData.frame(spark, LINEAR, 1)));

        assertTrue(e.getMessage().contains("gives epoch 3 of 3 the step size"), e.getMessage());
    }

    @Test
    void theScheduleIsSavedAndLoadedWithTheEstimatorAndItsModel() throws Exception {
        regressor().setStepSizeSchedule("cosine").setMaxIter(0).fit(TestData.frame(spark, LINEAR, 1)).write()
                .overwrite().save(dir.resolve("model").toString());
        regressor().setStepSizeSchedule("cosine").write().overwrite().save(dir.resolve("estimator").toString());

        assertEquals("cosine", LazyNetRegressionModel.load(dir.resolve("model").toString()).getStepSizeSchedule());
        assertEquals("cosine", LazyNetRegressor.load(dir.resolve("estimator").toString()).getStepSizeSchedule());
        assertEquals("constant", new LazyNetClassifier().getStepSizeSchedule());
    }

    @Test
    void aModelDirectoryWrittenBeforeTheScheduleExistedLoadsWithAConstantOne() throws Exception {
        Path saved = dir.resolve("older-model");
        regressor().setMaxIter(0).fit(TestData.frame(spark, LINEAR, 1)).write().overwrite().save(saved.toString());
        SavedMetadata.withoutDefault(saved, "stepSizeSchedule");

        assertEquals("constant", LazyNetRegressionModel.load(saved.toString()).getStepSizeSchedule());
    }

    @Test
    void aCrossValidatorSearchesOverSchedules() {
        LazyNetRegressor regressor = regressor().setMaxIter(2);
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(regressor.stepSizeSchedule(), Predef.wrapRefArray(new String[] {"constant", "cosine"}))
                .build();
        CrossValidator cv = new CrossValidator()
                .setEstimator(new Pipeline().setStages(new PipelineStage[] {regressor}))
                .setEstimatorParamMaps(grid).setEvaluator(new RegressionEvaluator()).setNumFolds(2).setSeed(1);

        CrossValidatorModel model = cv.fit(TestData.frame(spark, LINEAR, 2));

        assertEquals(2, model.avgMetrics().length);
        assertTrue(model.avgMetrics()[0] != model.avgMetrics()[1], "the schedules gave different fits");
    }
}
