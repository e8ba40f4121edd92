package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.SparkInternals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's line to the driver's {@link StepCoordinator}: in the driver's JVM a direct call, elsewhere
 * Spark's RPC and the driver's {@link StepLines}. Both wait for the answer without a time limit: the coordinator answers every waiting task
 * when the step completes, when it stops and when the driver closes it, and a task whose driver died
 * dies with it.
 */
interface StepChannel extends AutoCloseable {

    /** Joins the epoch for {@code partitions}; returns the current step's weights, or stop or done. */
    StepMessages.Reply join(long taskAttempt, int[] partitions);

    /** Sends the shares of {@code step}; returns the next step's weights, or stop or done. */
    StepMessages.Reply shares(long taskAttempt, int step, List<StepMessages.Share> shares);

    /** The task is done with the epoch, or failed. */
    @Override
    default void close() {
    }

    /**
     * The channel to the coordinator named {@code name}, from the running task.
     *
     * @param spin whether a task in the driver's JVM may spin while it waits: only when every task of the
     *     epoch has a core of its own, or the spinning ones would slow those still computing
     * @param partitions how many partitions the epoch has
     */
    static StepChannel open(String name, boolean spin, int partitions) {
        StepCoordinator local = StepEndpoint.inThisJvm(name);
        if (local != null) {
            return new Direct(local, spin ? Direct.SPIN_NANOS : 0);
        }
        return new Rpc(name, SparkInternals.get().connect(name), partitions);
    }

    /**
     * Calls the coordinator in the task's own thread and waits for the other tasks' shares by spinning,
     * then by short sleeps: a step's wait is about a millisecond, less than waking a parked thread can
     * take on a busy machine.
     */
    final class Direct implements StepChannel {
        private static final long SPIN_NANOS = 2_000_000L;
        private static final long SLEEP_NANOS = 50_000L;
        /** The executor every task in the driver's JVM runs on, as far as the coordinator is concerned. */
        private static final String DRIVER = "driver";

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
            coordinator.join(taskAttempt, DRIVER, partitions, box);
            return box.await(spinNanos, coordinator.helpers());
        }

        @Override
        public StepMessages.Reply shares(long taskAttempt, int step, List<StepMessages.Share> shares) {
            Mailbox box = new Mailbox();
            coordinator.shares(taskAttempt, step, shares, box);
            return box.await(spinNanos, coordinator.helpers());
        }

        private static final class Mailbox implements StepCoordinator.Answer {
            private volatile StepMessages.Reply reply;

            @Override
            public void send(StepMessages.Reply answer) {
                reply = answer;
            }

            /**
             * Waits for the answer; while it spins, it helps with the driver's update of the step it waits
             * for. A thread that sleeps does not help: it would take a range only to be descheduled with it.
             */
            StepMessages.Reply await(long spinNanos, HelpingRanges update) {
                long start = System.nanoTime();
                StepMessages.Reply answer;
                while ((answer = reply) == null) {
                    if (System.nanoTime() - start < spinNanos) {
                        update.help();
                        Thread.onSpinWait();
                    } else {
                        LockSupport.parkNanos(this, SLEEP_NANOS);
                    }
                }
                return answer;
            }
        }
    }

    /**
     * A task in another JVM than the driver's: joins through Spark's RPC, and sends its steps' shares,
     * together with the epoch's other tasks on this executor ({@link ExecutorShares}), over the line the
     * driver named in its answer ({@link StepLines}), or through Spark's RPC where it named none or the
     * line cannot be connected.
     */
    final class Rpc implements StepChannel {
        private final String name;
        private final SparkInternals.Client driver;
        private final int partitions;
        private ExecutorShares group;
        private StepLines.Address offered;

        Rpc(String name, SparkInternals.Client driver, int partitions) {
            this.name = name;
            this.driver = driver;
            this.partitions = partitions;
        }

        @Override
        public StepMessages.Reply join(long taskAttempt, int[] partitions) {
            StepMessages.Reply reply = StepMessages.readReply(driver.ask(StepMessages.join(taskAttempt,
                    SparkEnv.get().executorId(), partitions)));
            if (reply.kind() == StepMessages.ReplyKind.WEIGHTS) {
                group = ExecutorShares.enter(name, this.partitions, reply.peers());
                offered = reply.line();
            }
            return reply;
        }

        @Override
        public StepMessages.Reply shares(long taskAttempt, int step, List<StepMessages.Share> shares) {
            return group.submit(taskAttempt, step, shares, all -> group.shared(() -> Route.to(offered, driver, name))
                    .ask(all));
        }

        @Override
        public void close() {
            if (group != null) {
                group.leave();
                group = null;
            }
        }
    }

    /** How an executor's tasks send their steps: over a step line to the driver, or through Spark's RPC. */
    final class Route implements AutoCloseable {
        private static final Logger LOG = LoggerFactory.getLogger(Route.class);

        private final StepLines.Line line;
        private final SparkInternals.Client driver;

        private Route(StepLines.Line line, SparkInternals.Client driver) {
            this.line = line;
            this.driver = driver;
        }

        /**
         * Connects to the line the driver {@code offered} for epoch {@code name}; where it offered none,
         * or the executor cannot reach it (a firewall between them), the steps go through Spark's RPC,
         * the latter after a warning.
         */
        static Route to(StepLines.Address offered, SparkInternals.Client driver, String name) {
            if (offered != null) {
                try {
                    return new Route(StepLines.Line.connect(offered), driver);
                } catch (IOException e) {
                    LOG.warn("Could not connect to the driver's step line at {}:{} ({}); the steps of {} go through"
                            + " Spark's RPC instead. Set {}=false where executors cannot reach the driver's ports.",
                            offered.host(), offered.port(), e.toString(), name, EngineSettings.STEP_LINES);
                }
            }
            return new Route(null, driver);
        }

        /** Whether the steps go over a step line. */
        boolean overLine() {
            return line != null;
        }

        /** Sends {@code shares} and returns the driver's answer. */
        StepMessages.Reply ask(StepMessages.Shares shares) {
            if (line == null) {
                return StepMessages.readReply(driver.ask(StepMessages.shares(shares.taskAttempts(), shares.step(),
                        shares.shares())));
            }
            try {
                return line.ask(shares);
            } catch (IOException e) {
                throw new UncheckedIOException("The step line to the driver failed", e);
            }
        }

        @Override
        public void close() {
            if (line != null) {
                line.close();
            }
        }
    }
}
