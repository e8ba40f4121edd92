package dev.lazynet.spark;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.spark.internal.engine.EngineSettings;
import dev.lazynet.spark.internal.engine.StepTraffic;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One-job epochs on {@code local-cluster[2,2,1024]}: two executor JVMs with two task slots each, whose
 * tasks send their shares of a step to the driver together, one message per executor, over the driver's
 * step lines or, with those turned off, through Spark's RPC; the weights stay bitwise those of a job per
 * step either way.
 */
@Tag("cluster")
class ExecutorSharesClusterTest {

    private static SparkSession cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = LocalCluster.start("lazynet-executor-shares-test", "local-cluster[2,2,1024]", Map.of());
        await("two executors registered with the driver").atMost(Duration.ofMinutes(2))
                .until(() -> cluster.sparkContext().statusTracker().getExecutorInfos().length, n -> n >= 3);
    }

    @AfterAll
    static void stopCluster() {
        SparkTestBase.discard(cluster);
    }

    @Test
    void theDriverGetsOneMessagePerExecutorAndStepOverEitherPathAndTheWeightsOfAJobPerStep() {
        for (int partitions : new int[] {4, 7}) {
            Dataset<Row> data = TestData.frame(cluster, TestData.blobs(240, 4, 3, 11), partitions);
            LazyNetClassifier classifier = new LazyNetClassifier().setLayers("dense(8,relu) dropout(0.2) dense(3)")
                    .setMaxIter(2).setBatchSize(40).setSeed(5);
            cluster.sparkContext().setLocalProperty(EngineSettings.EPOCHS_AS_ONE_JOB, "false");
            float[] perStep = classifier.fit(data).weights();
            cluster.sparkContext().setLocalProperty(EngineSettings.EPOCHS_AS_ONE_JOB, null);

            for (boolean lines : new boolean[] {true, false}) {
                String where = partitions + " partitions, " + (lines ? "step lines" : "Spark's RPC");
                cluster.sparkContext().setLocalProperty(EngineSettings.STEP_LINES, Boolean.toString(lines));
                StepTraffic.Counts before = StepTraffic.now();
                float[] oneJob = classifier.fit(data).weights();
                StepTraffic.Counts fit = StepTraffic.now().since(before);
                cluster.sparkContext().setLocalProperty(EngineSettings.STEP_LINES, null);

                assertArrayEquals(perStep, oneJob, where);
                assertEquals(2 * 6, fit.steps(), where + ": two epochs of six steps in one job each");
                assertEquals(2 * fit.steps(), fit.messages(), where + ": one message per executor and step");
                assertTrue(fit.shares() >= fit.messages() && fit.shares() <= partitions * fit.steps(),
                        where + ": " + fit.shares() + " shares");
                assertEquals(lines ? fit.messages() : 0, fit.lineMessages(), where + ": messages over step lines");
            }
        }
    }
}
