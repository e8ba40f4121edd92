package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.Ranges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The driver's side of an epoch run as one job ({@link EpochTask}): it gathers every partition's share
 * of a step, adds the shares in {@link TreeSum}'s fixed order, lets the driver step the optimizer, and
 * answers every waiting task with the next step's weights.
 *
 * <p>This is the broadcast, tree sum and optimizer step of a job per step, with the job's scheduling,
 * task serialization and broadcast taken out of every step: the tasks stay running for the whole epoch
 * and get each step's weights from here. The sum and the update are those of a job per step, so the
 * weights are bitwise the same.
 *
 * <p>Anything unusual stops it: a partition joined twice (a task failed and was retried, or was run
 * speculatively), a message for a step other than the current one, or, as the driver decides with
 * {@link #stalled}, silence while a step waits. Every waiting and later task is then told to stop, and the
 * driver runs the rest of the epoch a job per step, from {@link #completedSteps()}, which leaves the
 * result unchanged. A failure of the driver's own step (a diverged loss) stops it too and is kept for
 * the driver to throw.
 *
 * <p>It is the epoch's state machine only, and knows nothing of Spark: tasks reach it through a
 * {@link StepEndpoint}. Tasks on other JVMs talk to it through Spark's RPC, and their messages are
 * handled on the endpoint's own thread. Tasks in the driver's JVM (local mode) call {@link #join} and
 * {@link #shares} directly, so the task whose share completes a step runs the driver's update in its own
 * thread and no thread has to be woken for it; the tasks waiting for the answer meanwhile take ranges of
 * the update's element-wise passes ({@link #helpers}). Every entry point synchronizes on the coordinator.
 *
 * <p>The driver's work per step grows with the executors, not the tasks: it answers the joins only once
 * every partition has joined, telling each task how many of the epoch's tasks share its executor, and
 * the tasks of one executor then send their step's shares together, added there as far as {@link
 * TreeSum}'s fixed order allows ({@link ExecutorShares}), in one message.
 */
final class StepCoordinator {

    /** What the driver does with a step's summed shares. */
    interface Stepper {
        /**
         * Steps the optimizer with the sum of step {@code step}'s shares, in the coordinator's weights, its
         * element-wise passes over {@code ranges}.
         */
        void apply(int step, PartialSum total, Ranges ranges);
    }

    private static final StepMessages.Reply STOP = new StepMessages.Reply(StepMessages.ReplyKind.STOP, -1, null);
    private static final StepMessages.Reply DONE = new StepMessages.Reply(StepMessages.ReplyKind.DONE, -1, null);

    /** Where the epoch stands. */
    enum Outcome { RUNNING, DONE, STOPPED, FAILED }

    private final int partitions;
    private final int[] idle;
    private final int steps;
    private final Stepper stepper;
    private final LongSupplier clock;
    private final HelpingRanges helpers = new HelpingRanges();
    private final Map<Integer, Long> owners = new HashMap<>();
    private final Map<Long, String> executors = new HashMap<>();
    private final Map<Long, Answer> joining = new LinkedHashMap<>();
    private final List<Answer> waiting = new ArrayList<>();
    private TreeSum pending;
    private boolean[] received;
    private int receivedCount;
    private int completed;
    private double lossSum;
    private final float[] weights;
    private Outcome outcome;
    private String stopReason;
    private RuntimeException failure;
    private long lastHeard;
    private long shareMessages;
    private long sharesReceived;

    /**
     * @param partitions how many partitions share each step
     * @param idle the partitions without training rows, whose shares are empty and sent by no task
     * @param steps the steps of the epoch
     * @param weights the weights of the epoch's first step, which the stepper updates in place
     * @param clock {@link System#nanoTime} or a test's clock
     */
    StepCoordinator(int partitions, int[] idle, int steps, float[] weights, Stepper stepper,
            LongSupplier clock) {
        this.partitions = partitions;
        this.idle = idle.clone();
        this.steps = steps;
        this.stepper = stepper;
        this.clock = clock;
        this.weights = weights;
        this.outcome = steps == 0 ? Outcome.DONE : Outcome.RUNNING;
        this.lastHeard = clock.getAsLong();
        startStep();
    }

    /**
     * Where the tasks in the driver's JVM that wait for a step's answer help with the driver's update,
     * which runs in the thread of the task that completed the step.
     */
    HelpingRanges helpers() {
        return helpers;
    }

    /**
     * Where an answer goes: a waiting task, in this JVM or through Spark's RPC. A {@link
     * StepMessages#WEIGHTS} answer carries the driver's own weight array, which stays unchanged until
     * every partition has sent its share of the step; a task copies it into its network before it
     * computes its share.
     */
    interface Answer {
        void send(StepMessages.Reply reply);
    }

    /**
     * A task on {@code executor} joins the epoch for {@code partitions}; once every partition has joined,
     * {@code answer} gets the current step's weights and the number of tasks on {@code executor}.
     */
    synchronized void join(long taskAttempt, String executor, int[] partitions, Answer answer) {
        if (!open(answer)) {
            return;
        }
        for (int partition : partitions) {
            Long owner = owners.get(partition);
            if (owner != null) {
                refuse(answer, "partition " + partition + " started again (task attempt " + taskAttempt + " after "
                        + owner + "): a task failed or was run speculatively");
                return;
            }
        }
        for (int partition : partitions) {
            owners.put(partition, taskAttempt);
        }
        executors.put(taskAttempt, executor);
        joining.put(taskAttempt, answer);
        if (owners.size() + idle.length == this.partitions) {
            joining.forEach((attempt, task) -> task.send(new StepMessages.Reply(StepMessages.ReplyKind.WEIGHTS,
                    completed, weights, peers(executors.get(attempt)))));
            joining.clear();
        }
    }

    /** How many of the joined tasks run on {@code executor}. */
    private int peers(String executor) {
        return (int) executors.values().stream().filter(executor::equals).count();
    }

    /** The shares of one task; see {@link #shares(long[], int, List, Answer)}. */
    void shares(long taskAttempt, int step, List<StepMessages.Share> shares, Answer answer) {
        shares(new long[] {taskAttempt}, step, shares, answer);
    }

    /**
     * The shares of step {@code step} from {@code taskAttempts}, tasks of one executor, each share the
     * sum over a {@link TreeSum} node's partitions, all owned by these tasks; {@code answer} gets the
     * next step's weights once every partition's share is in, or is told the epoch is done or stopped.
     * The shares' arrays become the coordinator's, which adds into them.
     */
    synchronized void shares(long[] taskAttempts, int step, List<StepMessages.Share> shares, Answer answer) {
        if (!open(answer)) {
            return;
        }
        shareMessages++;
        if (step != completed) {
            refuse(answer, from(taskAttempts) + " sent step " + (step + 1) + " while step " + (completed + 1)
                    + " was open");
            return;
        }
        for (StepMessages.Share share : shares) {
            int end = pending.endLeaf(share.level(), share.index());
            for (int partition = TreeSum.firstLeaf(share.level(), share.index()); partition < end; partition++) {
                Long owner = owners.get(partition);
                if (owner == null || !contains(taskAttempts, owner) || received[partition]) {
                    refuse(answer, from(taskAttempts) + " sent a share of partition " + partition
                            + " that it does not own or that was already sent");
                    return;
                }
                received[partition] = true;
                receivedCount++;
            }
            pending.add(share.level(), share.index(), share.sum());
            sharesReceived++;
        }
        waiting.add(answer);
        if (receivedCount == partitions) {
            completeStep();
        }
    }

    private static String from(long[] taskAttempts) {
        return (taskAttempts.length == 1 ? "task attempt " : "task attempts ")
                + Arrays.stream(taskAttempts).mapToObj(Long::toString).collect(Collectors.joining(", "));
    }

    private static boolean contains(long[] attempts, long attempt) {
        for (long a : attempts) {
            if (a == attempt) {
                return true;
            }
        }
        return false;
    }

    /** Notes that a task was heard from; answers it at once, and returns false, if the epoch has ended. */
    private boolean open(Answer answer) {
        lastHeard = clock.getAsLong();
        if (outcome == Outcome.RUNNING) {
            return true;
        }
        answer.send(outcome == Outcome.DONE ? DONE : STOP);
        return false;
    }

    /** Stops the epoch for {@code reason} and tells the asking task so. */
    private void refuse(Answer answer, String reason) {
        stop(reason);
        answer.send(STOP);
    }

    private StepMessages.Reply current() {
        return new StepMessages.Reply(StepMessages.ReplyKind.WEIGHTS, completed, weights);
    }

    private void completeStep() {
        PartialSum total = pending.result();
        lossSum += total.loss;
        try {
            stepper.apply(completed, total, helpers);
        } catch (RuntimeException e) {
            failure = e;
            outcome = Outcome.FAILED;
            answerAll(STOP);
            return;
        }
        completed++;
        if (completed == steps) {
            outcome = Outcome.DONE;
            answerAll(DONE);
        } else {
            startStep();
            answerAll(current());
        }
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

    private void answerAll(StepMessages.Reply reply) {
        for (Answer task : waiting) {
            task.send(reply);
        }
        waiting.clear();
        joining.values().forEach(task -> task.send(reply));
        joining.clear();
    }

    /** Tells every waiting and later task to stop, unless the epoch has already ended; keeps the reason. */
    synchronized void stop(String reason) {
        if (outcome == Outcome.RUNNING) {
            outcome = Outcome.STOPPED;
            stopReason = reason;
            answerAll(STOP);
        }
    }

    /** Whether a step has waited more than {@code limitNanos} without hearing from any task. */
    synchronized boolean stalled(long limitNanos) {
        return outcome == Outcome.RUNNING && clock.getAsLong() - lastHeard > limitNanos;
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

    /** How many messages with shares the coordinator has received: one per executor and step at most. */
    synchronized long shareMessages() {
        return shareMessages;
    }

    /** How many shares, each a {@link TreeSum} node, those messages carried. */
    synchronized long sharesReceived() {
        return sharesReceived;
    }

    /** The loss sum of the completed steps. */
    synchronized double lossSum() {
        return lossSum;
    }
}
