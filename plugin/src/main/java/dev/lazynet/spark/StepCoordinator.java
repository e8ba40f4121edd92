package dev.lazynet.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.spark.rpc.IsolatedThreadSafeRpcEndpoint;
import org.apache.spark.rpc.RpcCallContext;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcEnv;
import scala.PartialFunction;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * The driver's side of an epoch run as one job ({@link EpochTask}): it gathers every partition's share
 * of a step, adds the shares in {@link TreeSum}'s fixed order, lets the driver step the optimizer, and
 * answers every waiting task with the next step's weights.
 *
 * <p>This is the broadcast, tree sum and optimizer step of a job per step, with the job's scheduling,
 * task serialization and broadcast taken out of every step: the tasks stay running for the whole epoch
 * and ask for the weights over Spark's RPC. The sum and the update are those of a job per step, so the
 * weights are bitwise the same.
 *
 * <p>Anything unusual stops it: a partition joined twice (a task failed and was retried, or was run
 * speculatively), a message for a step other than the current one, or silence for
 * {@link #STALL_NANOS} while a step waits. Every waiting and later task is then told to stop, and the
 * driver runs the rest of the epoch a job per step, from {@link #completedSteps()}, which leaves the
 * result unchanged. A failure of the driver's own step (a diverged loss) stops it too and is kept for
 * the driver to throw.
 *
 * <p>Handlers run one at a time on the endpoint's own thread; the driver's calls synchronize with them.
 */
final class StepCoordinator implements IsolatedThreadSafeRpcEndpoint {

    /** How long a step may wait without hearing from any task before the epoch leaves this path. */
    static final long STALL_NANOS = 60_000_000_000L;

    /** What the driver does with a step's summed shares. */
    interface Stepper {
        /** Steps the optimizer with the sum of step {@code step}'s shares and returns the new weights. */
        float[] apply(int step, PartialSum total);
    }

    /** Where the epoch stands. */
    enum Outcome { RUNNING, DONE, STOPPED, FAILED }

    private final RpcEnv rpcEnv;
    private final int partitions;
    private final int[] idle;
    private final int steps;
    private final Stepper stepper;
    private final LongSupplier clock;
    private final Map<Integer, Long> owners = new HashMap<>();
    private final List<Answer> waiting = new ArrayList<>();
    private TreeSum pending;
    private boolean[] received;
    private int receivedCount;
    private int completed;
    private double lossSum;
    private byte[] next;
    private Outcome outcome;
    private String stopReason;
    private RuntimeException failure;
    private long lastHeard;
    private RpcEndpointRef self;

    /**
     * @param partitions how many partitions share each step
     * @param idle the partitions without training rows, whose shares are empty and sent by no task
     * @param steps the steps of the epoch
     * @param weights the weights of the epoch's first step
     * @param clock {@link System#nanoTime} or a test's clock
     */
    StepCoordinator(RpcEnv rpcEnv, int partitions, int[] idle, int steps, float[] weights, Stepper stepper,
            LongSupplier clock) {
        this.rpcEnv = rpcEnv;
        this.partitions = partitions;
        this.idle = idle.clone();
        this.steps = steps;
        this.stepper = stepper;
        this.clock = clock;
        this.next = steps == 0 ? StepMessages.done() : StepMessages.weights(0, weights);
        this.outcome = steps == 0 ? Outcome.DONE : Outcome.RUNNING;
        this.lastHeard = clock.getAsLong();
        startStep();
    }

    /** Registers a coordinator under {@code name} in {@code rpcEnv}, where the epoch's tasks find it. */
    static StepCoordinator start(RpcEnv rpcEnv, String name, int partitions, int[] idle, int steps,
            float[] weights, Stepper stepper) {
        StepCoordinator coordinator = new StepCoordinator(rpcEnv, partitions, idle, steps, weights, stepper,
                System::nanoTime);
        RpcEndpointRef ref = rpcEnv.setupEndpoint(name, coordinator);
        synchronized (coordinator) {
            coordinator.self = ref;
        }
        return coordinator;
    }

    @Override
    public RpcEnv rpcEnv() {
        return rpcEnv;
    }

    @Override
    public int threadCount() {
        return 1;
    }

    @Override
    public PartialFunction<Object, BoxedUnit> receiveAndReply(RpcCallContext context) {
        return new AbstractPartialFunction<>() {
            @Override
            public boolean isDefinedAt(Object message) {
                return message instanceof byte[];
            }

            @Override
            public BoxedUnit apply(Object message) {
                handle((byte[]) message, context::reply);
                return BoxedUnit.UNIT;
            }
        };
    }

    /** Where an answer goes: the asking task, or a test. */
    interface Answer {
        void send(byte[] message);
    }

    /** Handles one message from a task; {@code answer} is called now or when the step completes. */
    synchronized void handle(byte[] message, Answer answer) {
        lastHeard = clock.getAsLong();
        if (outcome != Outcome.RUNNING) {
            answer.send(outcome == Outcome.DONE ? StepMessages.done() : StepMessages.stop());
            return;
        }
        if (StepMessages.requestKind(message) == StepMessages.JOIN) {
            join(StepMessages.readJoin(message), answer);
        } else {
            shares(StepMessages.readShares(message), answer);
        }
    }

    private void join(StepMessages.Join join, Answer answer) {
        for (int partition : join.partitions()) {
            Long owner = owners.get(partition);
            if (owner != null) {
                stop("partition " + partition + " started again (task attempt " + join.taskAttempt()
                        + " after " + owner + "): a task failed or was run speculatively");
                answer.send(StepMessages.stop());
                return;
            }
        }
        for (int partition : join.partitions()) {
            owners.put(partition, join.taskAttempt());
        }
        answer.send(next);
    }

    private void shares(StepMessages.Shares shares, Answer answer) {
        if (shares.step() != completed) {
            stop("task attempt " + shares.taskAttempt() + " sent step " + (shares.step() + 1) + " while step "
                    + (completed + 1) + " was open");
            answer.send(StepMessages.stop());
            return;
        }
        for (StepMessages.Share share : shares.shares()) {
            int partition = share.partition();
            Long owner = owners.get(partition);
            if (owner == null || owner != shares.taskAttempt() || received[partition]) {
                stop("task attempt " + shares.taskAttempt() + " sent a share of partition " + partition
                        + " that it does not own or that was already sent");
                answer.send(StepMessages.stop());
                return;
            }
            received[partition] = true;
            receivedCount++;
            pending.add(partition, share.sum());
        }
        waiting.add(answer);
        if (receivedCount == partitions) {
            completeStep();
        }
    }

    private void completeStep() {
        PartialSum total = pending.result();
        lossSum += total.loss;
        float[] weights;
        try {
            weights = stepper.apply(completed, total);
        } catch (RuntimeException e) {
            failure = e;
            outcome = Outcome.FAILED;
            answerAll(StepMessages.stop());
            return;
        }
        completed++;
        if (completed == steps) {
            outcome = Outcome.DONE;
            next = StepMessages.done();
        } else {
            next = StepMessages.weights(completed, weights);
            startStep();
        }
        answerAll(next);
    }

    private void startStep() {
        pending = new TreeSum(partitions);
        received = new boolean[partitions];
        receivedCount = 0;
        for (int partition : idle) {
            received[partition] = true;
            receivedCount++;
            pending.add(partition, PartialSum.EMPTY);
        }
    }

    private void answerAll(byte[] message) {
        for (Answer task : waiting) {
            task.send(message);
        }
        waiting.clear();
    }

    /** Tells every waiting and later task to stop, unless the epoch has already ended; keeps the reason. */
    synchronized void stop(String reason) {
        if (outcome == Outcome.RUNNING) {
            outcome = Outcome.STOPPED;
            stopReason = reason;
            answerAll(StepMessages.stop());
        }
    }

    /** Whether a step has waited {@link #STALL_NANOS} without hearing from any task. */
    synchronized boolean stalled() {
        return outcome == Outcome.RUNNING && clock.getAsLong() - lastHeard > STALL_NANOS;
    }

    synchronized Outcome outcome() {
        return outcome;
    }

    /** Why the epoch left this path, if it was stopped. */
    synchronized String stopReason() {
        return stopReason;
    }

    /** The driver's own failure that ended the epoch, if any. */
    synchronized RuntimeException failure() {
        return failure;
    }

    /** Steps whose update the driver has applied. */
    synchronized int completedSteps() {
        return completed;
    }

    /** The loss sum of the completed steps. */
    synchronized double lossSum() {
        return lossSum;
    }

    /** Stops any task still waiting and unregisters the endpoint. */
    void close() {
        RpcEndpointRef ref;
        synchronized (this) {
            stop("the driver closed the epoch");
            ref = self;
        }
        if (ref != null) {
            rpcEnv.stop(ref);
        }
    }
}
