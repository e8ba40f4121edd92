package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.SparkInternals;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.annotation.Private;

/**
 * Saves the calling thread's Spark job group and description, and restores them on {@link #restore}: a
 * fit labels its jobs for the Spark UI without leaving its labels on the caller's later jobs.
 */
@Private
public final class JobProperties {

    private final SparkContext sc;
    private final List<String> keys = SparkInternals.get().jobPropertyKeys();
    private final List<String> saved = new ArrayList<>();

    public JobProperties(SparkContext sc) {
        this.sc = sc;
        for (String key : keys) {
            saved.add(sc.getLocalProperty(key));
        }
    }

    /** Puts back the saved values (removing those that were not set). */
    public void restore() {
        for (int i = 0; i < keys.size(); i++) {
            sc.setLocalProperty(keys.get(i), saved.get(i));
        }
    }
}
