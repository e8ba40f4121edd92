package dev.lazynet.spark.internal.engine;

import org.apache.spark.SparkContext;
import org.apache.spark.annotation.Private;

/**
 * Saves the calling thread's Spark job group and description, and restores them on {@link #restore}: a
 * fit labels its jobs for the Spark UI without leaving its labels on the caller's later jobs.
 */
@Private
public final class JobProperties {

    private static final String[] KEYS = {"spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel"};

    private final SparkContext sc;
    private final String[] saved = new String[KEYS.length];

    public JobProperties(SparkContext sc) {
        this.sc = sc;
        for (int i = 0; i < KEYS.length; i++) {
            saved[i] = sc.getLocalProperty(KEYS[i]);
        }
    }

    /** Puts back the saved values (removing those that were not set). */
    public void restore() {
        for (int i = 0; i < KEYS.length; i++) {
            sc.setLocalProperty(KEYS[i], saved[i]);
        }
    }
}
