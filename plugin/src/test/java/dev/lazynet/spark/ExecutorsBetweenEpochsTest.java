package dev.lazynet.spark;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.spark.internal.SparkInternals;
import dev.lazynet.spark.internal.SparkLine;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Executors that leave and join between the epochs of one fit, on {@code local-cluster[2,1,1024]}: each
 * one-job epoch lays out its tasks on the executors present when it starts, and the weights are those
 * of a fit on an unchanging cluster, bit for bit.
 */
@Tag("cluster")
class ExecutorsBetweenEpochsTest {

    private static final List<Row> BLOBS = TestData.blobs(300, 4, 3, 29);
    private static final int PARTITIONS = 4;
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private static SparkSession cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = LocalCluster.start("lazynet-executors-between-epochs", Map.of());
    }

    @AfterAll
    static void stopCluster() {
        SparkTestBase.discard(cluster);
    }

    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers("dense(8,relu) dropout(0.2) dense(3)").setMaxIter(3)
                .setBatchSize(50).setStepSize(0.01).setSeed(11);
    }

    /**
     * The cluster's real internals, which change the executors when an epoch asks for its task slots:
     * the second epoch's layout finds one executor killed, the third's a new one in its place (the kill
     * lowered the cluster's target to one executor, so the request names the total). This runs
     * on the fit's thread between the epochs' jobs, so each change is in place when the epoch counts.
     */
    private record ChangingExecutors(SparkInternals line, AtomicInteger layouts) implements SparkInternals {
        @Override
        public int maxConcurrentTasks(SparkContext sc) {
            switch (layouts.incrementAndGet()) {
                case 2 -> {
                    assertTrue(sc.killExecutor(sc.getExecutorIds().head()), "an executor was killed");
                    assertEquals(1, line.maxConcurrentTasks(sc), "task slots once an executor is gone");
                }
                case 3 -> {
                    assertTrue(sc.requestTotalExecutors(2, 0, scala.collection.immutable.Map$.MODULE$.empty()),
                            "two executors were requested");
                    await("a new executor registered").atMost(DEADLINE)
                            .until(() -> line.maxConcurrentTasks(sc), slots -> slots == 2);
                }
                default -> {
                }
            }
            return line.maxConcurrentTasks(sc);
        }

        @Override
        public boolean oneJobEpochs() {
            return line.oneJobEpochs();
        }

        @Override
        public void checkLinks() throws ReflectiveOperationException {
            line.checkLinks();
        }

        @Override
        public List<String> jobPropertyKeys() {
            return line.jobPropertyKeys();
        }

        @Override
        public Server serve(String name, Handler handler) {
            return line.serve(name, handler);
        }

        @Override
        public Client connect(String name) {
            return line.connect(name);
        }
    }

    private static GroupJobs fitWhileListening(LazyNetClassifier classifier, Dataset<Row> data, float[][] weights)
            throws Exception {
        return GroupJobs.of(cluster.sparkContext(), classifier.uid(), () -> {
            LazyNetClassificationModel model = classifier.fit(data);
            weights[0] = model.weights();
            assertEquals(List.of(), model.summary().warnings(), "the fit's warnings");
        });
    }

    @Test
    void eachOneJobEpochHasATaskPerExecutorPresentWhenItStartsAndTheWeightsOfAnUnchangingCluster()
            throws Exception {
        Dataset<Row> data = TestData.frame(cluster, BLOBS, PARTITIONS).cache();
        float[][] unchanging = new float[1][];
        GroupJobs steady = fitWhileListening(classifier(), data, unchanging);

        float[][] changing = new float[1][];
        GroupJobs changed;
        AtomicInteger layouts = new AtomicInteger();
        try {
            SparkLine.choose(new ChangingExecutors(SparkLine.carried(), layouts));
            changed = fitWhileListening(classifier(), data, changing);
        } finally {
            SparkLine.choose(SparkLine.carried());
        }

        assertEquals(3, layouts.get(), "one layout per epoch");
        assertEquals(List.of(2, 2, 2, PARTITIONS), steady.tasks, "three epoch jobs of a task per executor, then"
                + " the release of the workers: " + steady.descriptions);
        assertEquals(List.of(2, 1, 2, PARTITIONS), changed.tasks, "one job per epoch, of a task per executor"
                + " present at its start (two, one, two), then the release: " + changed.descriptions);
        for (String description : changed.descriptions.subList(0, 3)) {
            assertTrue(description.contains("steps in one job of"), description);
        }
        assertArrayEquals(unchanging[0], changing[0]);
    }
}
