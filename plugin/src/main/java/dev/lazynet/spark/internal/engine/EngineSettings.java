package dev.lazynet.spark.internal.engine;

import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.annotation.Private;
import org.apache.spark.network.util.JavaUtils;

/**
 * The {@code spark.lazynet.*} settings of a fit, all read in one place when it starts: each as a local
 * property of the calling thread ({@code sc.setLocalProperty}), else from the Spark configuration, else
 * its default.
 *
 * @param epochsAsOneJob whether exact epochs run as one job ({@value #EPOCHS_AS_ONE_JOB}, default
 *     {@code true}); with {@code false} every exact step runs as its own job, as it does after a one-job
 *     epoch stops
 * @param epochStallNanos how long a one-job epoch's step may wait without hearing from any task before
 *     the fit goes on a job per step ({@value #EPOCH_STALL_TIMEOUT}, default 60 s): long enough for a task
 *     that is computing, short enough for tasks that cannot all get a slot
 * @param exactSums whether a step's gradient is summed row by row in a fixed tree over the batch's
 *     ranks, which gives the same weights bit for bit on any partitioning ({@value #EXACT_SUMS}, default
 *     {@code false}: several times slower); it runs every step as its own job, and refuses local steps
 *     and batch normalization, which cannot be summed that way
 * @param stepLines whether a one-job epoch's executors send their shares and get the weights over
 *     {@code StepLines}, TCP connections of their own to the driver, rather than through Spark's RPC
 *     ({@value #STEP_LINES}, default {@code true}; the same weights either way, and Spark's RPC where it
 *     is encrypted)
 */
@Private
public record EngineSettings(boolean epochsAsOneJob, long epochStallNanos, boolean exactSums, boolean stepLines) {

    /** The setting that turns one-job epochs off. */
    public static final String EPOCHS_AS_ONE_JOB = "spark.lazynet.epochsAsOneJob";

    /** The setting for how long a one-job epoch waits for silent tasks. */
    public static final String EPOCH_STALL_TIMEOUT = "spark.lazynet.epochStallTimeout";

    /** The setting that sums gradients independently of the partitioning. */
    public static final String EXACT_SUMS = "spark.lazynet.exactSums";

    /** The setting that, {@code false}, keeps every step of a one-job epoch on Spark's RPC. */
    public static final String STEP_LINES = "spark.lazynet.stepLines";

    /**
     * The settings as {@code sc} and the calling thread have them.
     *
     * @throws IllegalArgumentException naming the setting and its value, if one is not of its type
     */
    static EngineSettings read(SparkContext sc) {
        return new EngineSettings(
                flag(EPOCHS_AS_ONE_JOB, setting(sc, EPOCHS_AS_ONE_JOB, "true"),
                        "false runs every step of exact training as its own Spark job"),
                stallNanos(setting(sc, EPOCH_STALL_TIMEOUT, "60s")),
                flag(EXACT_SUMS, setting(sc, EXACT_SUMS, "false"),
                        "true gives the same weights on any partitioning, at several times the cost of a step"),
                flag(STEP_LINES, setting(sc, STEP_LINES, "true"),
                        "false sends every step's shares and weights through Spark's RPC"));
    }

    private static String setting(SparkContext sc, String key, String fallback) {
        String value = sc.getLocalProperty(key);
        return value != null ? value : sc.conf().get(key, fallback);
    }

    /**
     * A true-or-false setting's value.
     *
     * @param meaning what one of the two values does, for the error message
     */
    private static boolean flag(String key, String value, String meaning) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " is \"" + value + "\", but must be true or false; " + meaning);
        }
        return Boolean.parseBoolean(value);
    }

    private static long stallNanos(String value) {
        long millis;
        try {
            millis = JavaUtils.timeStringAsMs(value);
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis <= 0) {
            throw new IllegalArgumentException(EPOCH_STALL_TIMEOUT + " is \"" + value + "\", but must be a positive"
                    + " time such as 60s or 2m");
        }
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
