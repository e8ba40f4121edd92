package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end scenarios on {@code local-cluster[2,1,1024]} (see {@link LocalCluster}): two executor
 * JVMs, so tasks, results and broadcasts really go through serialization.
 */
@Tag("cluster")
class LocalClusterEndToEndTest extends EndToEndScenarios {

    private static SparkSession cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = LocalCluster.start("lazynet-local-cluster-test", Map.of());
    }

    @AfterAll
    static void stopCluster() {
        SparkTestBase.discard(cluster);
    }

    @Override
    SparkSession session() {
        return cluster;
    }

    @Test
    void executorsRunInTheirOwnJvms() {
        List<String> processes = SparkTestBase.jscOf(cluster).parallelize(List.of(1, 2, 3, 4), 4)
                .map(i -> ProcessHandle.current().pid() + "").distinct().collect();

        assertTrue(processes.size() >= 1 && !processes.contains(ProcessHandle.current().pid() + ""),
                "executor pids " + processes + ", driver " + ProcessHandle.current().pid());
    }

    @Test
    void twoFitsOnTheClusterGiveBitwiseIdenticalWeights() {
        Dataset<Row> data = TestData.frame(cluster, TestData.blobs(200, 4, 3, 7), 4);
        LazyNetClassifier classifier = new LazyNetClassifier().setLayers("dense(8,relu) dense(3)").setMaxIter(2)
                .setBatchSize(50).setSeed(9);

        assertArrayEquals(classifier.fit(data).weights(), classifier.fit(data).weights());
    }
}
