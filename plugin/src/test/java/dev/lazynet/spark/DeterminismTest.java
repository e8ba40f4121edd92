package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Sequential;
import dev.lazynet.train.LocalTrainer;
import dev.lazynet.train.Loss;
import dev.lazynet.train.MeanSquaredError;
import dev.lazynet.train.Optimizer;
import dev.lazynet.train.SoftmaxCrossEntropy;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DeterminismTest extends SparkTestBase {

    private static final List<Row> BLOBS = TestData.blobs(300, 4, 3, 11);

    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers("dense(8,tanh) dense(3)").setMaxIter(2).setBatchSize(50)
                .setStepSize(0.01).setSeed(3);
    }

    /** The weights a single-JVM fit gives, from the same spec, initializer, seed and row order. */
    static float[] localFit(String spec, List<Row> rows, Loss loss, Optimizer optimizer, int epochs,
            int batchSize, long seed) {
        return localFit(spec, rows, new LocalTrainer(loss, optimizer, epochs, batchSize, seed), seed);
    }

    /** The weights {@code trainer} gives from the spec, initialized from {@code seed}, on the rows in order. */
    static float[] localFit(String spec, List<Row> rows, LocalTrainer trainer, long seed) {
        Sequential network = TestData.network(spec, rows, seed);
        trainer.fit(network, TestData.features(rows), TestData.labels(rows));
        return FlatParameters.of(network).values();
    }

    static float maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void twoFitsWithTheSameSettingsGiveBitwiseIdenticalWeights() {
        float[] first = classifier().fit(TestData.frame(spark, BLOBS, 3)).weights();
        float[] second = classifier().fit(TestData.frame(spark, BLOBS, 3)).weights();

        assertArrayEquals(first, second);
    }

    @Test
    void theSeedAloneDecidesTheInitialWeights() {
        float[] first = classifier().setMaxIter(0).fit(TestData.frame(spark, BLOBS, 2)).weights();
        float[] again = classifier().setMaxIter(0).fit(TestData.frame(spark, BLOBS, 3)).weights();
        float[] other = classifier().setMaxIter(0).setSeed(4).fit(TestData.frame(spark, BLOBS, 2)).weights();

        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
    }

    @Test
    void differentPartitionCountsGiveTheSameWeightsWithinFloatTolerance() {
        float[] two = classifier().fit(TestData.frame(spark, BLOBS, 2)).weights();
        float[] five = classifier().fit(TestData.frame(spark, BLOBS, 5)).weights();

        assertTrue(maxDifference(two, five) < 1e-5, "max difference " + maxDifference(two, five));
    }

    @Test
    void theSparkFitMatchesTheSingleJvmTrainer() {
        float[] spark3 = classifier().fit(TestData.frame(spark, BLOBS, 3)).weights();
        float[] local = localFit("dense(8,tanh) dense(3)", BLOBS, new SoftmaxCrossEntropy(),
                Optimizer.create("adam", 0.01, 0), 2, 50, 3);

        assertTrue(maxDifference(spark3, local) < 1e-5, "max difference " + maxDifference(spark3, local));
    }

    @Test
    void theSparkRegressorWithSgdMatchesTheSingleJvmTrainer() {
        List<Row> rows = TestData.linear(200, new double[] {1, -2, 0.5}, 12);
        float[] distributed = new LazyNetRegressor().setLayers("dense(4,relu) dense(1)").setOptimizer("sgd")
                .setStepSize(0.05).setMaxIter(2).setBatchSize(40).setSeed(5)
                .fit(TestData.frame(spark, rows, 4)).weights();
        float[] local = localFit("dense(4,relu) dense(1)", rows, new MeanSquaredError(),
                Optimizer.create("sgd", 0.05, 0), 2, 40, 5);

        assertTrue(maxDifference(distributed, local) < 1e-5, "max difference " + maxDifference(distributed, local));
    }

    @Test
    void runningStatisticsFollowTheSingleJvmTrainerOnOnePartition() {
        String spec = "dense(6) batchnorm relu dense(3)";
        LazyNetClassifier withBatchNorm = classifier().setLayers(spec);
        float[] distributed = withBatchNorm.fit(TestData.frame(spark, BLOBS, 1)).weights();
        float[] initial = withBatchNorm.setMaxIter(0).fit(TestData.frame(spark, BLOBS, 1)).weights();
        float[] local = localFit(spec, BLOBS, new SoftmaxCrossEntropy(), Optimizer.create("adam", 0.01, 0), 2, 50, 3);

        assertTrue(maxDifference(distributed, local) < 1e-4, "max difference " + maxDifference(distributed, local));
        int runningMean = 6 * 4 + 6 + 6 + 6;
        assertFalse(Arrays.equals(Arrays.copyOfRange(initial, runningMean, runningMean + 12),
                Arrays.copyOfRange(distributed, runningMean, runningMean + 12)), "running statistics were updated");
    }

    @Test
    void dropoutMasksAreReproducible() {
        LazyNetClassifier withDropout = classifier().setLayers("dense(16,relu) dropout(0.5) dense(3)");

        assertArrayEquals(withDropout.fit(TestData.frame(spark, BLOBS, 2)).weights(),
                withDropout.fit(TestData.frame(spark, BLOBS, 2)).weights());
    }
}
