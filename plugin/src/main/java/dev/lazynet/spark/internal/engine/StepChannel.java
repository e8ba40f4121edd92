package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.SparkInternals;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A task's line to the driver's {@link StepCoordinator}: in the driver's JVM a direct call, elsewhere
 * Spark's RPC. Both wait for the answer without a time limit: the coordinator answers every waiting task
 * when the step completes, when it stops and when the driver closes it, and a task whose driver died
 * dies with it.
 */
interface StepChannel {

    /** Joins the epoch for {@code partitions}; returns the current step's weights, or stop or done. */
    StepMessages.Reply join(long taskAttempt, int[] partitions);

    /** Sends the shares of {@code step}; returns the next step's weights, or stop or done. */
    StepMessages.Reply shares(long taskAttempt, int step, List<StepMessages.Share> shares);

    /**
     * The channel to the coordinator named {@code name}, from the running task.
     *
     * @param spin whether a task in the driver's JVM may spin while it waits: only when every task of the
     *     epoch has a core of its own, or the spinning ones would slow those still computing
     */
    static StepChannel open(String name, boolean spin) {
        StepCoordinator local = StepEndpoint.inThisJvm(name);
        if (local != null) {
            return new Direct(local, spin ? Direct.SPIN_NANOS : 0);
        }
        return new Rpc(SparkInternals.get().connect(name));
    }

    /**
     * Calls the coordinator in the task's own thread and waits for the other tasks' shares by spinning,
     * then by short sleeps: a step's wait is about a millisecond, less than waking a parked thread can
     * take on a busy machine.
     */
    final class Direct implements StepChannel {
        private static final long SPIN_NANOS = 2_000_000L;
        private static final long SLEEP_NANOS = 50_000L;

        private final StepCoordinator coordinator;
        private final long spinNanos;

        /** @param spinNanos how long to spin before sleeping, 0 for not at all */
        Direct(StepCoordinator coordinator, long spinNanos) {
            this.coordinator = coordinator;
            this.spinNanos = spinNanos;
        }

        @Override
        public StepMessages.Reply join(long taskAttempt, int[] partitions) {
            Mailbox box = new Mailbox();
            coordinator.join(taskAttempt, partitions, box);
            return box.await(spinNanos);
        }

        @Override
        public StepMessages.Reply shares(long taskAttempt, int step, List<StepMessages.Share> shares) {
            Mailbox box = new Mailbox();
            coordinator.shares(taskAttempt, step, shares, box);
            return box.await(spinNanos);
        }

        private static final class Mailbox implements StepCoordinator.Answer {
            private volatile StepMessages.Reply reply;

            @Override
            public void send(StepMessages.Reply answer) {
                reply = answer;
            }

            StepMessages.Reply await(long spinNanos) {
                long start = System.nanoTime();
                StepMessages.Reply answer;
                while ((answer = reply) == null) {
                    if (System.nanoTime() - start < spinNanos) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.parkNanos(this, SLEEP_NANOS);
                    }
                }
                return answer;
            }
        }
    }

    /** Sends bytes through Spark's RPC to the driver. */
    final class Rpc implements StepChannel {
        private final SparkInternals.Client driver;

        Rpc(SparkInternals.Client driver) {
            this.driver = driver;
        }

        @Override
        public StepMessages.Reply join(long taskAttempt, int[] partitions) {
            return ask(StepMessages.join(taskAttempt, partitions));
        }

        @Override
        public StepMessages.Reply shares(long taskAttempt, int step, List<StepMessages.Share> shares) {
            return ask(StepMessages.shares(taskAttempt, step, shares));
        }

        private StepMessages.Reply ask(byte[] message) {
            return StepMessages.readReply(driver.ask(message));
        }
    }
}
