package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.train.Optimizer;
import dev.lazynet.train.SoftmaxCrossEntropy;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LocalStepsTest extends SparkTestBase {

    private static final List<Row> BLOBS = TestData.blobs(300, 4, 3, 11);
    private static final String SPEC = "dense(8,tanh) dense(3)";

    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers(SPEC).setMaxIter(2).setBatchSize(50).setStepSize(0.01).setSeed(3);
    }

    @Test
    void theDefaultIsOneExactStepPerSynchronization() {
        LazyNetClassifier classifier = classifier();

        assertEquals(1, classifier.getLocalSteps());
        assertArrayEquals(classifier.fit(TestData.frame(spark, BLOBS, 3)).weights(),
                classifier.setLocalSteps(1).fit(TestData.frame(spark, BLOBS, 3)).weights());
    }

    @Test
    void onOnePartitionLocalStepsAreTheSingleJvmTrainerAcrossRounds() {
        float[] rounds = classifier().setLocalSteps(4).fit(TestData.frame(spark, BLOBS, 1)).weights();
        float[] local = DeterminismTest.localFit(SPEC, BLOBS, new SoftmaxCrossEntropy(),
                Optimizer.create("adam", 0.01, 0), 2, 50, 3);

        float difference = DeterminismTest.maxDifference(rounds, local);
        assertTrue(difference < 1e-5, "max difference " + difference);
    }

    @Test
    void severalPartitionsAverageTheirLocalStepsReproduciblyAndStillLearn() {
        Dataset<Row> frame = TestData.frame(spark, BLOBS, 3);
        LazyNetClassifier averaged = classifier().setLocalSteps(3).setMaxIter(4);

        LazyNetClassificationModel first = averaged.fit(frame);
        float[] again = averaged.fit(frame).weights();
        float[] exact = classifier().setMaxIter(4).fit(frame).weights();

        assertArrayEquals(first.weights(), again);
        assertFalse(Arrays.equals(first.weights(), exact), "averaging is not the exact algorithm");
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(first.transform(frame));
        assertTrue(accuracy > 0.9, "training accuracy " + accuracy);
        List<Double> losses = first.summary().lossHistory();
        assertTrue(losses.get(3) < losses.get(0), "losses " + losses);
    }

    @Test
    void fewerThanOneLocalStepIsRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classifier().setLocalSteps(0));

        assertTrue(e.getMessage().contains("Invalid value 0 for localSteps"), e.getMessage());
    }
}
