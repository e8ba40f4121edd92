package dev.lazynet.spark;

import dev.lazynet.spark.internal.SparkInternals;
import dev.lazynet.spark.internal.SparkLine;
import dev.lazynet.spark.internal.engine.EngineSettings;
import dev.lazynet.spark.internal.engine.EpochBlocks;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact epochs run as one job whose tasks exchange shares and weights with the driver, and give the
 * weights of a job per step bit for bit.
 */
class OneJobEpochTest extends SparkTestBase {

    private static final List<Row> BLOBS = TestData.blobs(300, 4, 3, 17);

    /** Dropout and batch normalization: per-step seeds and running statistics cross the exchange too. */
    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers("dense(8) batchnorm relu dropout(0.2) dense(3)").setMaxIter(2)
                .setBatchSize(40).setStepSize(0.01).setSeed(5);
    }

    private static GroupJobs fitWhileListening(LazyNetClassifier classifier, Dataset<Row> data, float[][] weights)
            throws Exception {
        return GroupJobs.of(spark.sparkContext(), classifier.uid(),
                () -> weights[0] = classifier.fit(data).weights());
    }

    @AfterEach
    void clearSettings() {
        spark.sparkContext().setLocalProperty(EngineSettings.EPOCHS_AS_ONE_JOB, null);
        spark.sparkContext().setLocalProperty(EngineSettings.EPOCH_STALL_TIMEOUT, null);
    }

    /**
     * The task of {@link #occupyOneSlot} counts down the first when it runs and holds its slot until the
     * second is counted down; tasks of local mode share this JVM.
     */
    private static final CountDownLatch SLOT_TAKEN = new CountDownLatch(1);
    private static final CountDownLatch SLOT_HELD = new CountDownLatch(1);

    /**
     * Runs, on another thread, a job whose one task holds one of local[2]'s two task slots until
     * {@link #SLOT_HELD} is released, and returns once that task runs.
     */
    private static Thread occupyOneSlot() throws InterruptedException {
        Thread holder = new Thread(() -> jsc.parallelize(List.of(1), 1).foreach(x -> {
            SLOT_TAKEN.countDown();
            SLOT_HELD.await();
        }), "slot-holder");
        holder.start();
        assertTrue(SLOT_TAKEN.await(2, TimeUnit.MINUTES), "the slot-holding task never ran");
        return holder;
    }

    @Test
    void aFitWhoseTasksCannotAllRunAtOnceGoesOnAJobPerStepForGoodWithTheSameWeights() throws Exception {
        Dataset<Row> data = TestData.frame(spark, BLOBS, 2);
        spark.sparkContext().setLocalProperty(EngineSettings.EPOCHS_AS_ONE_JOB, "false");
        float[] perStep = classifier().fit(data).weights();
        spark.sparkContext().setLocalProperty(EngineSettings.EPOCHS_AS_ONE_JOB, null);

        Thread holder = occupyOneSlot();
        float[][] stalled = new float[1][];
        GroupJobs jobs;
        try {
            // The held slot stalls the epoch's job for the whole fit; the timeout only says how soon the
            // fit stops waiting for it.
            spark.sparkContext().setLocalProperty(EngineSettings.EPOCH_STALL_TIMEOUT, "1s");
            jobs = fitWhileListening(classifier(), data, stalled);
        } finally {
            SLOT_HELD.countDown();
            holder.join();
        }
        assertEquals(1 + 2 * 8 + 1, jobs.tasks.size(), "the first epoch's stalled job, then 8 jobs of one step per"
                + " epoch, since after a stall the fit stays on a job per step, then the release: " + jobs.tasks);
        assertArrayEquals(perStep, stalled[0]);
    }

    @Test
    void aStallTimeoutThatIsNotAPositiveTimeIsRejectedWithTheValue() {
        spark.sparkContext().setLocalProperty(EngineSettings.EPOCH_STALL_TIMEOUT, "soon");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> classifier().fit(TestData.frame(spark, BLOBS, 2)));
        assertTrue(e.getMessage().contains("spark.lazynet.epochStallTimeout is \"soon\", but must be a positive time"),
                e.getMessage());
    }

    @Test
    void anEpochIsOneJobAndGivesBitwiseTheWeightsOfAJobPerStep() throws Exception {
        Dataset<Row> data = TestData.frame(spark, BLOBS, 2);
        float[][] oneJob = new float[1][];
        GroupJobs streamed = fitWhileListening(classifier(), data, oneJob);

        spark.sparkContext().setLocalProperty(EngineSettings.EPOCHS_AS_ONE_JOB, "false");
        float[][] perStep = new float[1][];
        GroupJobs stepJobs = fitWhileListening(classifier(), data, perStep);

        assertArrayEquals(perStep[0], oneJob[0]);
        assertEquals(List.of(2, 2, 2), streamed.tasks, "two epoch jobs, then the release of the workers");
        assertEquals(2 * 8 + 1, stepJobs.tasks.size(), "8 steps of 40 of 300 rows per epoch, then the release");
    }

    /** The internals of a Spark that lacks a member the check looks up, as a jar built for another line meets it. */
    private record Unlinked(SparkInternals line) implements SparkInternals {
        @Override
        public boolean oneJobEpochs() {
            return true;
        }

        @Override
        public void checkLinks() throws NoSuchMethodException {
            throw new NoSuchMethodException("org.apache.spark.SparkContext.maxNumConcurrentTasks(ResourceProfile)");
        }

        @Override
        public int maxConcurrentTasks(org.apache.spark.SparkContext sc) {
            return line.maxConcurrentTasks(sc);
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

    @Test
    void aSparkWithoutTheInternalsOfOneJobEpochsRunsAJobPerStepWithBitwiseTheSameWeights() throws Exception {
        Dataset<Row> data = TestData.frame(spark, BLOBS, 2);
        float[][] oneJob = new float[1][];
        fitWhileListening(classifier(), data, oneJob);

        float[][] publicApi = new float[1][];
        GroupJobs jobs;
        try {
            assertFalse(SparkLine.choose(new Unlinked(SparkLine.carried())).oneJobEpochs());
            jobs = fitWhileListening(classifier(), data, publicApi);
        } finally {
            SparkLine.choose(SparkLine.carried());
        }

        assertEquals(2 * 8 + 1, jobs.tasks.size(), "8 steps per epoch, each its own job, then the release: "
                + jobs.tasks);
        assertArrayEquals(oneJob[0], publicApi[0]);
    }

    @Test
    void morePartitionsThanTaskSlotsShareTheTwoTasksOfLocal2WithTheSameWeights() throws Exception {
        Dataset<Row> data = TestData.frame(spark, BLOBS, 5);
        float[][] oneJob = new float[1][];
        GroupJobs streamed = fitWhileListening(classifier(), data, oneJob);

        spark.sparkContext().setLocalProperty(EngineSettings.EPOCHS_AS_ONE_JOB, "false");
        float[][] perStep = new float[1][];
        fitWhileListening(classifier(), data, perStep);

        assertEquals(List.of(2, 2, 5), streamed.tasks, "epoch jobs of 2 tasks; the release reaches all 5 blocks");
        assertArrayEquals(perStep[0], oneJob[0]);
    }

    @Test
    void partitionsHoldingOnlyValidationRowsGetNoTaskAndTheWeightsStayTheSame() throws Exception {
        Dataset<Row> data = TestData.frame(spark, BLOBS.subList(0, 200), 2).withColumn("held", functions.lit(false))
                .union(TestData.frame(spark, BLOBS.subList(200, 300), 2).withColumn("held", functions.lit(true)));
        float[][] oneJob = new float[1][];
        GroupJobs streamed = fitWhileListening(classifier().setValidationIndicatorCol("held"), data, oneJob);

        spark.sparkContext().setLocalProperty(EngineSettings.EPOCHS_AS_ONE_JOB, "false");
        float[][] perStep = new float[1][];
        fitWhileListening(classifier().setValidationIndicatorCol("held"), data, perStep);

        assertEquals(2, streamed.tasks.get(0), "the two training partitions, one task each: " + streamed.tasks);
        assertArrayEquals(perStep[0], oneJob[0]);
    }

    @Test
    void partitionsAreGroupedIntoTasksOfAboutEqualRowsTheLargestFirst() {
        RDD<Integer> parent = jsc.parallelize(List.of(1, 2, 3, 4, 5), 5).rdd();
        PartitionGroup[] groups = new EpochBlocks.RowBalancedCoalescer(new int[] {10, 50, 20, 25, 5})
                .coalesce(2, parent);

        assertEquals(2, groups.length);
        assertEquals(List.of(1, 4), indices(groups[0]), "50 + 5 rows");
        assertEquals(List.of(3, 2, 0), indices(groups[1]), "25 + 20 + 10 rows");
    }

    private static List<Integer> indices(PartitionGroup group) {
        return IntStream.range(0, group.numPartitions()).mapToObj(i -> group.partitions().apply(i).index()).toList();
    }

    @Test
    void aSettingOtherThanTrueOrFalseIsRejectedWithTheValue() {
        spark.sparkContext().setLocalProperty(EngineSettings.EPOCHS_AS_ONE_JOB, "yes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> classifier().fit(TestData.frame(spark, BLOBS, 2)));
        assertTrue(e.getMessage().contains("spark.lazynet.epochsAsOneJob is \"yes\", but must be true or false"),
                e.getMessage());
    }
}
