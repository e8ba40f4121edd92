package dev.lazynet.spark;

import dev.lazynet.spark.internal.engine.DivergenceGuard;
import dev.lazynet.spark.internal.engine.OptimizerSettings;
import dev.lazynet.train.Ranges;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DivergenceTest extends SparkTestBase {

    @TempDir
    Path dir;

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aStepSizeFarTooLargeStopsTheFitNamingEpochStepAndASmallerStepSize() {
        LazyNetClassifier classifier = new LazyNetClassifier().setLayers("dense(16,relu) dense(3)").setOptimizer("sgd")
                .setStepSize(1e30).setMaxIter(5).setBatchSize(20).setSeed(1);

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> classifier.fit(TestData.frame(spark, TestData.blobs(100, 4, 3, 2), 2)));

        assertTrue(e.getMessage().contains("Training diverged in epoch " + e.epoch() + ", step " + e.step() + " of 5"),
                e.getMessage());
        assertTrue(e.getMessage().contains("try a smaller stepSize than 1.0E30 with sgd, e.g. 1.0E29"), e.getMessage());
        assertTrue(e.getMessage().contains("lastGoodWeights()"), e.getMessage());
        assertEquals(1e30, e.stepSize());
        assertEquals(4 * 16 + 16 + 16 * 3 + 3, e.lastGoodWeights().length);
        assertTrue(allFinite(e.lastGoodWeights()));
    }

    @Test
    void theLastGoodWeightsAreThoseFromBeforeTheStepThatDiverged() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(Vectors.dense(i % 5, 1), 2e38 * (i % 2)));
        }
        LazyNetRegressor regressor = new LazyNetRegressor().setLayers("dense(1)").setMaxIter(3).setBatchSize(10)
                .setSeed(4).setCheckpointDir(dir.toString());
        float[] initial = regressor.copy(org.apache.spark.ml.param.ParamMap.empty()).setCheckpointDir("").setMaxIter(0)
                .fit(TestData.frame(spark, rows, 2)).weights();

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> regressor.fit(TestData.frame(spark, rows, 2)));

        assertEquals(1, e.epoch());
        assertEquals(1, e.step());
        assertTrue(e.getMessage().contains("the gradient has 3 non-finite values"), e.getMessage());
        assertTrue(e.getMessage().contains("the latest checkpoint in " + dir), e.getMessage());
        assertArrayEquals(initial, e.lastGoodWeights());
    }

    /** Each index a range of its own, as threads that split the driver's update might take them. */
    private static final Ranges ONE_BY_ONE = (n, body) -> {
        for (int i = n - 1; i >= 0; i--) {
            body.run(i, i + 1);
        }
    };

    @Test
    void aNonFiniteGradientOrUpdateIsNamedWithItsFirstIndexAndLeavesTheLastGoodWeightsWhole() {
        DivergenceGuard guard = new DivergenceGuard(new OptimizerSettings("adam", 0.5, 0, 0), "xavier", "");
        float[] weights = {1, 2, 3};
        guard.onStart(weights);
        guard.onStep(0, 0, 4, 1.0, new float[] {0, 0, 0}, new float[] {1.5f, 2, 3}, ONE_BY_ONE);

        TrainingDivergedException gradient = assertThrows(TrainingDivergedException.class, () -> guard.onStep(2, 3,
                4, 1.0, new float[] {0, Float.NaN, Float.NEGATIVE_INFINITY}, weights, ONE_BY_ONE));
        assertTrue(gradient.getMessage().contains("epoch 3, step 4 of 4: the gradient has 2 non-finite values (the"
                + " first, at index 1, is NaN)"), gradient.getMessage());
        assertArrayEquals(new float[] {1.5f, 2, 3}, gradient.lastGoodWeights());
        TrainingDivergedException update = assertThrows(TrainingDivergedException.class, () -> guard.onStep(0, 1,
                4, 1.0, new float[3], new float[] {Float.POSITIVE_INFINITY, 7, 8}, ONE_BY_ONE));
        assertTrue(update.getMessage().contains("the updated weights has 1 non-finite value (the first, at index 0, is"
                + " Infinity)"), update.getMessage());
        assertArrayEquals(new float[] {1.5f, 2, 3}, update.lastGoodWeights(),
                "the finite weights checked before the infinite one are not taken as good");
        assertTrue(update.getMessage().contains("smaller stepSize than 0.5 with adam, e.g. 0.05"), update.getMessage());
    }
}
