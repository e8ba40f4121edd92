package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ConcurrentFitsTest extends SparkTestBase {

    @Test
    void twoFitsAtOnceInOneSessionGiveTheWeightsEachGivesAlone() throws Exception {
        Dataset<Row> blobs = TestData.frame(spark, TestData.blobs(200, 4, 3, 31), 3);
        Dataset<Row> linear = TestData.frame(spark, TestData.linear(150, new double[] {1, -1, 2}, 32), 2);
        LazyNetClassifier classifier = new LazyNetClassifier().setLayers("dense(8,relu) dense(3)").setMaxIter(2)
                .setBatchSize(50).setStepSize(0.01).setSeed(1);
        LazyNetRegressor regressor = new LazyNetRegressor().setLayers("dense(6,tanh) dense(1)").setOptimizer("sgd")
                .setMaxIter(2).setBatchSize(40).setStepSize(0.05).setSeed(2);
        float[] classifierAlone = classifier.fit(blobs).weights();
        float[] regressorAlone = regressor.fit(linear).weights();

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<float[]> classified = threads.submit(() -> classifier.fit(blobs).weights());
            Future<float[]> regressed = threads.submit(() -> regressor.fit(linear).weights());

            assertArrayEquals(classifierAlone, classified.get());
            assertArrayEquals(regressorAlone, regressed.get());
        } finally {
            threads.shutdown();
        }
    }
}
