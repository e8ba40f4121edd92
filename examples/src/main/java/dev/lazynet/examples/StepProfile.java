package dev.lazynet.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

/**
 * Where the time of LazyNet's training steps goes, from Spark's own job and task events: for each
 * step's job (one per optimizer step), its wall time from submission to end, and the slowest of its
 * tasks split into deserialization, run and result serialization. Whatever a step takes beyond its job
 * is the driver's work between jobs: the weights' broadcast and the optimizer step.
 */
final class StepProfile extends SparkListener implements AutoCloseable {

    /** Marks the jobs of training steps in their description, e.g. "... epoch 2/3, step 17/235". */
    private static final String STEP_MARK = ", step ";
    private static final String DESCRIPTION = "spark.job.description";

    /** Mean times of one step's job, in milliseconds. */
    record Split(int jobs, double jobMs, double slowestTaskMs, double deserializeMs, double runMs,
            double resultSerializationMs, double runCpuMs) {
    }

    private final SparkContext sc;
    private final Map<Integer, Integer> stageToJob = new HashMap<>();
    private final Map<Integer, long[]> jobTimes = new HashMap<>();
    private final Map<Integer, double[]> slowestTask = new HashMap<>();
    private int ended;

    /** Starts listening to {@code sc}'s events. */
    StepProfile(SparkContext sc) {
        this.sc = sc;
        sc.addSparkListener(this);
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        String description = start.properties() == null ? null : start.properties().getProperty(DESCRIPTION);
        if (description == null || !description.contains(STEP_MARK)) {
            return;
        }
        jobTimes.put(start.jobId(), new long[] {start.time(), -1});
        for (Object stage : scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds())) {
            stageToJob.put((Integer) stage, start.jobId());
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        Integer job = stageToJob.get(end.stageId());
        TaskMetrics m = end.taskMetrics();
        if (job == null || m == null) {
            return;
        }
        TaskInfo info = end.taskInfo();
        double[] task = {info.finishTime() - info.launchTime(), m.executorDeserializeTime(), m.executorRunTime(),
            m.resultSerializationTime(), TimeUnit.NANOSECONDS.toMicros(m.executorCpuTime()) / 1e3};
        slowestTask.merge(job, task, (a, b) -> a[0] >= b[0] ? a : b);
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        long[] times = jobTimes.get(end.jobId());
        if (times != null) {
            times[1] = end.time();
            ended++;
            notifyAll();
        }
    }

    /**
     * The mean split over the step jobs after the first {@code skip} (the first epoch's, while the JIT
     * compiles), once {@code expected} step jobs have ended; Spark delivers events asynchronously, so
     * this waits up to 30 s for them.
     */
    synchronized Split split(int expected, int skip) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ended < expected && System.nanoTime() < deadline) {
            wait(100);
        }
        List<Integer> jobs = new ArrayList<>(jobTimes.keySet());
        jobs.sort(null);
        double[] sums = new double[6];
        int counted = 0;
        for (int job : jobs.subList(Math.min(skip, jobs.size()), jobs.size())) {
            long[] times = jobTimes.get(job);
            double[] task = slowestTask.get(job);
            if (times[1] < 0 || task == null) {
                continue;
            }
            sums[0] += times[1] - times[0];
            for (int i = 0; i < task.length; i++) {
                sums[i + 1] += task[i];
            }
            counted++;
        }
        int n = Math.max(1, counted);
        return new Split(counted, sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n);
    }

    @Override
    public void close() {
        sc.removeSparkListener(this);
    }
}
