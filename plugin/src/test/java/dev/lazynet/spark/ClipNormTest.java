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
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipNormTest extends SparkTestBase {

    private static final List<Row> LINEAR = TestData.linear(160, new double[] {3, -2, 4}, 21);
    private static final String SPEC = "dense(4,relu) dense(1)";

    @TempDir
    Path dir;

    private static LazyNetRegressor regressor() {
        return new LazyNetRegressor().setLayers(SPEC).setOptimizer("sgd").setStepSize(0.05).setMaxIter(2)
                .setBatchSize(40).setSeed(6);
    }

    private static float[] localFit(double clipNorm) {
        Sequential network = TestData.network(SPEC, LINEAR, 6);
        new LocalTrainer(new MeanSquaredError(), Optimizer.create("sgd", 0.05, 0), 2, 40, 6, clipNorm)
                .fit(network, TestData.features(LINEAR), TestData.labels(LINEAR));
        return FlatParameters.of(network).values();
    }

    @Test
    void theSparkFitClipsAsTheSingleJvmTrainerDoes() {
        float[] clipped = regressor().setClipNorm(0.5).fit(TestData.frame(spark, LINEAR, 3)).weights();
        float[] local = localFit(0.5);
        float[] unclipped = localFit(0);

        float difference = DeterminismTest.maxDifference(clipped, local);
        assertTrue(difference < 1e-5, "max difference " + difference);
        assertTrue(DeterminismTest.maxDifference(local, unclipped) > 1e-2, "clipping changed the weights");
    }

    @Test
    void twoClippedFitsGiveBitwiseIdenticalWeights() {
        assertArrayEquals(regressor().setClipNorm(0.5).fit(TestData.frame(spark, LINEAR, 3)).weights(),
                regressor().setClipNorm(0.5).fit(TestData.frame(spark, LINEAR, 3)).weights());
    }

    @Test
    void aNegativeClipNormIsRefusedWithTheParamsConstraint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> regressor().setClipNorm(-1));

        assertTrue(e.getMessage().contains("clipNorm") && e.getMessage().contains("-1.0"), e.getMessage());
    }

    @Test
    void theClipNormIsSavedAndLoadedWithTheEstimatorAndItsModel() throws Exception {
        LazyNetRegressionModel model = regressor().setClipNorm(0.5).setMaxIter(0)
                .fit(TestData.frame(spark, LINEAR, 1));
        model.write().overwrite().save(dir.resolve("model").toString());
        regressor().setClipNorm(0.5).write().overwrite().save(dir.resolve("estimator").toString());

        assertEquals(0.5, LazyNetRegressionModel.load(dir.resolve("model").toString()).getClipNorm());
        assertEquals(0.5, LazyNetRegressor.load(dir.resolve("estimator").toString()).getClipNorm());
        assertEquals(0.0, new LazyNetRegressor().getClipNorm());
    }

    @Test
    void aModelDirectoryWrittenBeforeClipNormExistedLoadsWithClipNormOff() throws Exception {
        Path saved = dir.resolve("older-model");
        regressor().setMaxIter(0).fit(TestData.frame(spark, LINEAR, 1)).write().overwrite().save(saved.toString());
        SavedMetadata.withoutDefault(saved, "clipNorm");

        LazyNetRegressionModel loaded = LazyNetRegressionModel.load(saved.toString());

        assertEquals(0.0, loaded.getClipNorm());
        assertEquals(1, loaded.transform(TestData.frame(spark, LINEAR, 1)).limit(1).count());
    }
}
