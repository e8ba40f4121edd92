package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.lazynet.spark.internal.engine.EngineSettings;
import dev.lazynet.train.LocalTrainer;
import dev.lazynet.train.Optimizer;
import dev.lazynet.train.SoftmaxCrossEntropy;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Exact sums on {@code local-cluster[2,1,1024]}: shares cross JVMs as serialized rank-tree nodes, and
 * the weights are still those of the single-JVM trainer, which {@link ExactSumsTest} finds equal to
 * every local-mode partitioning's.
 */
@Tag("cluster")
class ExactSumsClusterTest {

    private static final List<Row> BLOBS = TestData.blobs(120, 4, 3, 23);

    private static SparkSession cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = LocalCluster.start("lazynet-exact-sums-test", Map.of());
    }

    @AfterAll
    static void stopCluster() {
        SparkTestBase.discard(cluster);
    }

    @Test
    void twoExecutorJvmsGiveBitwiseTheWeightsOfTheSingleJvmTrainer() {
        float[] local = DeterminismTest.localFit("dense(8,relu) dropout(0.3) dense(3)", BLOBS,
                new LocalTrainer(new SoftmaxCrossEntropy(), Optimizer.create("adam", 0.01, 0), 2, 25, 7).exactSums(),
                7);
        cluster.sparkContext().setLocalProperty(EngineSettings.EXACT_SUMS, "true");
        for (int partitions : new int[] {2, 7}) {
            float[] weights = new LazyNetClassifier().setLayers("dense(8,relu) dropout(0.3) dense(3)").setMaxIter(2)
                    .setBatchSize(25).setStepSize(0.01).setSeed(7)
                    .fit(TestData.frame(cluster, BLOBS, partitions)).weights();
            assertArrayEquals(local, weights, partitions + " partitions");
        }
    }
}
