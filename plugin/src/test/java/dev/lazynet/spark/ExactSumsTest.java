package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.spark.internal.engine.EngineSettings;
import dev.lazynet.train.LocalTrainer;
import dev.lazynet.train.Optimizer;
import dev.lazynet.train.SoftmaxCrossEntropy;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With {@code spark.lazynet.exactSums=true} a step's gradient is summed row by row in a fixed tree over
 * the batch's ranks, so the weights do not depend on how the rows are split into partitions.
 */
@Tag("spark")
class ExactSumsTest extends SparkTestBase {

    private static final List<Row> BLOBS = TestData.blobs(120, 4, 3, 23);

    /** Dropout included: its masks are seeded per global row. */
    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers("dense(8,relu) dropout(0.3) dense(3)").setMaxIter(2)
                .setBatchSize(25).setStepSize(0.01).setSeed(7);
    }

    private static float[] exactFit(LazyNetClassifier classifier, int partitions) {
        spark.sparkContext().setLocalProperty(EngineSettings.EXACT_SUMS, "true");
        return classifier.fit(TestData.frame(spark, BLOBS, partitions)).weights();
    }

    @AfterEach
    void clearSettings() {
        spark.sparkContext().setLocalProperty(EngineSettings.EXACT_SUMS, null);
    }

    @Test
    void oneTwoThreeAndSevenPartitionsGiveBitwiseTheSameWeights() {
        float[] one = exactFit(classifier(), 1);
        for (int partitions : new int[] {2, 3, 7}) {
            assertArrayEquals(one, exactFit(classifier(), partitions), partitions + " partitions");
        }
        spark.sparkContext().setLocalProperty(EngineSettings.EXACT_SUMS, "false");
        float[] batched = classifier().fit(TestData.frame(spark, BLOBS, 1)).weights();
        assertTrue(DeterminismTest.maxDifference(one, batched) > 0,
                "the exact sum is a different rounding of the same gradients");
    }

    @Test
    void theSingleJvmTrainerWithExactSumsGivesBitwiseTheWeightsOfSpark() {
        float[] local = DeterminismTest.localFit("dense(8,relu) dropout(0.3) dense(3)", BLOBS,
                new LocalTrainer(new SoftmaxCrossEntropy(), Optimizer.create("adam", 0.01, 0), 2, 25, 7).exactSums(),
                7);
        assertArrayEquals(local, exactFit(classifier(), 3));
    }

    @Test
    void aValueOtherThanTrueOrFalseIsRefusedNamingTheSetting() {
        spark.sparkContext().setLocalProperty(EngineSettings.EXACT_SUMS, "yes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> classifier().fit(TestData.frame(spark, BLOBS, 2)));
        assertTrue(e.getMessage().startsWith("spark.lazynet.exactSums is \"yes\", but must be true or false"),
                e.getMessage());
    }

    @Test
    void batchNormalizationAndLocalStepsAreRefusedWithTheSettingToChange() {
        IllegalArgumentException norm = assertThrows(IllegalArgumentException.class,
                () -> exactFit(classifier().setLayers("dense(8) batchnorm relu dense(3)"), 2));
        assertTrue(norm.getMessage().contains("batch normalization") && norm.getMessage().contains(
                "set spark.lazynet.exactSums to false"), norm.getMessage());
        IllegalArgumentException local = assertThrows(IllegalArgumentException.class,
                () -> exactFit(classifier().setLocalSteps(2), 2));
        assertEquals("spark.lazynet.exactSums is true, but localSteps is 2: local steps run each partition's own"
                + " optimizer on its own rows, which no sum can make independent of the partitioning; set"
                + " localSteps to 1 or spark.lazynet.exactSums to false", local.getMessage());
    }
}
