package dev.lazynet.spark;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An executor JVM killed in the middle of a fit: its tasks run again elsewhere, its cached blocks are
 * rebuilt from lineage, and the fit ends with the weights of a fit that lost nothing.
 */
@Tag("cluster")
@Tag("process")
class ExecutorLossTest {

    /**
     * The executor dies when the fit's training job of this number (from 1) starts: the first epoch's
     * one job, whose tasks wait for each other at every step.
     */
    private static final int KILL_AT_JOB = 1;
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private static SparkSession cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = LocalCluster.start("lazynet-executor-loss", Map.of("spark.task.maxFailures", "4"));
    }

    @AfterAll
    static void stopCluster() {
        SparkTestBase.discard(cluster);
    }

    /** The process ids of the running executors, once both have registered. */
    private static List<Long> executorPids() {
        await("two executors registered with the driver").atMost(DEADLINE)
                .until(() -> cluster.sparkContext().statusTracker().getExecutorInfos().length, n -> n >= 3);
        return SparkTestBase.jscOf(cluster).parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                .map(i -> ProcessHandle.current().pid()).distinct().collect();
    }

    /** Kills one executor with SIGKILL when the given fit's chosen training job starts. */
    private static final class Killer extends SparkListener {
        private final String jobGroup;
        private final long pid;
        private final AtomicInteger jobs = new AtomicInteger();
        private final AtomicLong killed = new AtomicLong(-1);
        private final AtomicInteger executorsRemoved = new AtomicInteger();

        Killer(String jobGroup, long pid) {
            this.jobGroup = jobGroup;
            this.pid = pid;
        }

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            if (jobGroup.equals(start.properties().getProperty("spark.jobGroup.id"))
                    && jobs.incrementAndGet() == KILL_AT_JOB) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    if (p.destroyForcibly()) {
                        killed.set(pid);
                    }
                });
            }
        }

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
            executorsRemoved.incrementAndGet();
        }
    }

    @Test
    void anExecutorKilledMidFitLosesNothing() throws Exception {
        Dataset<Row> data = TestData.frame(cluster, TestData.blobs(400, 4, 3, 13), 4).cache();
        LazyNetClassifier classifier = new LazyNetClassifier().setLayers("dense(16,relu) dense(3)").setMaxIter(2)
                .setBatchSize(80).setStepSize(0.02).setSeed(6);
        float[] reference = classifier.fit(data).weights();

        List<Long> pids = executorPids();
        assertEquals(2, pids.size(), "executor pids " + pids);
        Killer killer = new Killer("lazynet-" + classifier.uid(), pids.get(0));
        cluster.sparkContext().addSparkListener(killer);
        LazyNetClassificationModel model;
        try {
            model = classifier.fit(data);
            cluster.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            cluster.sparkContext().removeSparkListener(killer);
        }

        assertEquals(pids.get(0), killer.killed.get(), "the executor was killed");
        assertTrue(killer.executorsRemoved.get() >= 1, "the driver noticed the lost executor");
        assertArrayEquals(reference, model.weights());
        assertTrue(model.transform(data).filter("prediction = label").count() >= 0.9 * 400);
    }
}
