package dev.lazynet.spark;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/** The jobs of one fit's job group, in the order they start: each one's task count and description. */
final class GroupJobs extends SparkListener {

    private final String group;
    /** The task count of each job. */
    final List<Integer> tasks = new CopyOnWriteArrayList<>();
    /** The description of each job. */
    final List<String> descriptions = new CopyOnWriteArrayList<>();

    private GroupJobs(String group) {
        this.group = group;
    }

    /**
     * Runs {@code fit}, a fit by the estimator of {@code uid}, and returns the jobs it started on {@code sc},
     * once the listener bus has delivered every event.
     */
    static GroupJobs of(SparkContext sc, String uid, Runnable fit) throws TimeoutException {
        GroupJobs jobs = new GroupJobs("lazynet-" + uid);
        sc.addSparkListener(jobs);
        try {
            fit.run();
            sc.listenerBus().waitUntilEmpty();
        } finally {
            sc.removeSparkListener(jobs);
        }
        return jobs;
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        if (group.equals(start.properties().getProperty("spark.jobGroup.id"))) {
            tasks.add(start.stageInfos().last().numTasks());
            descriptions.add(start.properties().getProperty("spark.job.description"));
        }
    }
}
