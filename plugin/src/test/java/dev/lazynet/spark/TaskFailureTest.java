package dev.lazynet.spark;

import dev.lazynet.spark.internal.engine.InjectedFault;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed tasks are retried and leave no trace in the weights. {@code local[2,3]} runs two tasks at a time
 * and gives each task three attempts, as {@code spark.task.maxFailures = 3} does on a cluster.
 */
class TaskFailureTest {

    private static final List<Row> BLOBS = TestData.blobs(160, 4, 3, 21);

    private static SparkSession session;
    private static final AtomicInteger FAILED_TASKS = new AtomicInteger();

    @BeforeAll
    static void startWithRetries() {
        SparkSession.getDefaultSession().foreach(running -> {
            running.stop();
            return null;
        });
        session = SparkSession.builder().master("local[2,3]").appName("lazynet-task-failures")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        session.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    FAILED_TASKS.incrementAndGet();
                }
            }
        });
    }

    /** The next test class starts the shared session again, which must not retry tasks. */
    @AfterAll
    static void stop() {
        session.stop();
    }

    @AfterEach
    void disarm() {
        InjectedFault.disarm();
    }

    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers("dense(8,relu) dropout(0.2) dense(3)").setMaxIter(2)
                .setBatchSize(40).setStepSize(0.01).setSeed(8);
    }

    private static Dataset<Row> data() {
        return TestData.frame(session, BLOBS, 3);
    }

    /** Waits until the listener has seen every task end of the jobs run so far. */
    private static int failedTasks() throws java.util.concurrent.TimeoutException {
        session.sparkContext().listenerBus().waitUntilEmpty();
        return FAILED_TASKS.getAndSet(0);
    }

    @Test
    void aStepTaskThatFailsOnceIsRetriedAndTheWeightsAreBitwiseUnchanged() throws Exception {
        float[] clean = classifier().fit(data()).weights();
        failedTasks();

        InjectedFault.arm(new InjectedFault.Target(1, 2, 1));
        float[] retried = classifier().fit(data()).weights();

        assertEquals(1, InjectedFault.injected());
        assertEquals(1, failedTasks());
        assertArrayEquals(clean, retried);
    }

    @Test
    void aPackingTaskWhoseDataSourceFailsOnItsFirstAttemptIsRetriedWithTheSameResult() throws Exception {
        float[] clean = classifier().fit(data()).weights();
        failedTasks();

        Dataset<Row> flaky = session.createDataFrame(SparkTestBase.jscOf(session).parallelize(BLOBS, 3).map(row -> {
            TaskContext task = TaskContext.get();
            if (task.partitionId() == 2 && task.attemptNumber() == 0) {
                throw new IllegalStateException("Injected read failure in partition 2, attempt 0");
            }
            return row;
        }), TestData.SCHEMA);
        float[] retried = classifier().fit(flaky).weights();

        assertTrue(failedTasks() >= 1);
        assertArrayEquals(clean, retried);
    }
}
