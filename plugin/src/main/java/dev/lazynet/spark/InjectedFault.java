package dev.lazynet.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * A test-only switch that makes the first attempt of one step task fail, to prove that Spark's retry
 * of a failed task leaves the fit's weights unchanged. Nothing in the library arms it; while unarmed,
 * {@link #failIfArmed} costs one volatile read per task.
 *
 * <p>It is a static of the JVM, so it reaches tasks that run in the driver's JVM: local mode, where
 * {@code local[N,F]} allows each task F attempts.
 */
final class InjectedFault {

    /** The step task that fails, by epoch, step and partition, all from 0. */
    record Target(int epoch, int step, int partition) {
    }

    private static volatile Target armed;
    private static final AtomicInteger INJECTED = new AtomicInteger();

    private InjectedFault() {
    }

    /** Makes the first attempt of the given task fail, until {@link #disarm}. */
    static void arm(Target target) {
        INJECTED.set(0);
        armed = target;
    }

    /** Stops injecting faults. */
    static void disarm() {
        armed = null;
    }

    /** How many faults were injected since the last {@link #arm}. */
    static int injected() {
        return INJECTED.get();
    }

    /**
     * Throws if armed for this epoch, step and the running task's partition, on the task's first attempt.
     *
     * @throws IllegalStateException the injected fault
     */
    static void failIfArmed(int epoch, int step) {
        Target target = armed;
        if (target == null) {
            return;
        }
        TaskContext task = TaskContext.get();
        if (target.equals(new Target(epoch, step, task.partitionId())) && task.attemptNumber() == 0) {
            INJECTED.incrementAndGet();
            throw new IllegalStateException("Injected fault in epoch " + (epoch + 1) + ", step " + (step + 1)
                    + ", partition " + task.partitionId() + ", attempt 0");
        }
    }
}
