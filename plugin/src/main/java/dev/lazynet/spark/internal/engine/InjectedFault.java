package dev.lazynet.spark.internal.engine;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.annotation.Private;

/**
 * A test-only switch that makes one step of one partition fail once, to prove that Spark's retry
 * of a failed task leaves the fit's weights unchanged. Nothing in the library arms it; while unarmed,
 * {@link #failIfArmed} costs one volatile read per partition and step.
 *
 * <p>It is a static of the JVM, so it reaches tasks that run in the driver's JVM: local mode, where
 * {@code local[N,F]} allows each task F attempts.
 */
@Private
public final class InjectedFault {

    /** The step task that fails, by epoch, step and partition, all from 0. */
    public record Target(int epoch, int step, int partition) {
    }

    private static volatile Target armed;
    private static final AtomicInteger INJECTED = new AtomicInteger();

    private InjectedFault() {
    }

    /** Makes the first attempt of the given task fail, until {@link #disarm}. */
    public static void arm(Target target) {
        INJECTED.set(0);
        armed = target;
    }

    /** Stops injecting faults. */
    public static void disarm() {
        armed = null;
    }

    /** How many faults were injected since the last {@link #arm}. */
    public static int injected() {
        return INJECTED.get();
    }

    /**
     * Throws the first time a task reaches the armed epoch, step and partition on its first attempt, and
     * never again until re-armed: the retried attempt, and the job per step that may take over the rest
     * of an epoch after a failure, run through.
     *
     * @throws IllegalStateException the injected fault
     */
    public static void failIfArmed(int epoch, int step, int partition) {
        Target target = armed;
        if (target == null || !target.equals(new Target(epoch, step, partition))) {
            return;
        }
        TaskContext task = TaskContext.get();
        if (task.attemptNumber() == 0 && INJECTED.compareAndSet(0, 1)) {
            throw new IllegalStateException("Injected fault in epoch " + (epoch + 1) + ", step " + (step + 1)
                    + ", partition " + partition + ", attempt 0");
        }
    }
}
