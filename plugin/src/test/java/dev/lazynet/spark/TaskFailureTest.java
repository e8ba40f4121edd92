package dev.lazynet.spark;

import dev.lazynet.spark.internal.engine.InjectedFault;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed tasks are retried and leave no trace in the weights. {@code local[2,3]} runs two tasks at a time
 * and gives each task three attempts, as {@code spark.task.maxFailures = 3} does on a cluster.
 */
@Tag("spark")
class TaskFailureTest {

    private static final List<Row> BLOBS = TestData.blobs(160, 4, 3, 21);

    private static SparkSession session;
    private static final AtomicInteger FAILED_TASKS = new AtomicInteger();
    private static final SparkListener FAILURE_COUNTER = new SparkListener() {
        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) {
                FAILED_TASKS.incrementAndGet();
            }
        }
    };

    @BeforeAll
    static void startWithRetries() {
        session = SparkTestBase.session("local[2,3]", Map.of());
        session.sparkContext().addSparkListener(FAILURE_COUNTER);
    }

    @AfterAll
    static void stopCounting() {
        session.sparkContext().removeSparkListener(FAILURE_COUNTER);
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
