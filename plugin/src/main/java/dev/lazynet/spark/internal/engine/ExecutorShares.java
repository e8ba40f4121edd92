package dev.lazynet.spark.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The tasks of one epoch on one executor JVM, which send their shares of each step to the driver's
 * {@link StepCoordinator} together, in one message, so that the driver's work per step grows with the
 * executors and not with the tasks.
 *
 * <p>Each task hands in its partitions' shares of a step and waits. The last one in adds them all in a
 * {@link TreeSum} over the epoch's partitions, of which this executor holds only some: a node of that
 * tree forms only when every partition under it is here, and then by the additions, in the order, that
 * the driver's tree makes for it. The message carries the nodes left ({@link TreeSum#nodes}), and the
 * driver's tree takes each where it would have formed it, so the sum is bitwise the one the driver
 * forms from one message per task. How much is added here depends on which partitions the executor
 * holds: whole subtrees (partitions 0 and 1, or 0 to 3) are sent as one node, scattered ones one by
 * one in the same message. The driver's answer goes to every waiting task.
 *
 * <p>The coordinator tells each task, in the answer to its join, how many of the epoch's tasks run on
 * its executor; it answers joins only once every partition has joined, so each group is complete
 * before its first step. A task that leaves (the epoch ended, or its step failed) stops being waited
 * for: the others' shares go without it, and the coordinator, missing its partitions, stops the epoch
 * when the failed task is retried or when it hears nothing for too long.
 */
final class ExecutorShares {

    private static final Map<String, ExecutorShares> GROUPS = new HashMap<>();
    private static final StepMessages.Reply STOP = new StepMessages.Reply(StepMessages.ReplyKind.STOP, -1, null);

    private final String name;
    private final int partitions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int members;
    private final List<Long> attempts = new ArrayList<>();
    private final List<StepMessages.Share> shares = new ArrayList<>();
    private boolean sending;
    private int answeredStep = -1;
    private StepMessages.Reply answer;
    private AutoCloseable shared;

    private ExecutorShares(String name, int partitions, int members) {
        this.name = name;
        this.partitions = partitions;
        this.members = members;
    }

    /**
     * The group of the epoch's coordinator {@code name} in this JVM, which a task enters after its join.
     *
     * @param partitions how many partitions the epoch has
     * @param peers how many of the epoch's tasks run in this JVM, as the coordinator counted them
     */
    static ExecutorShares enter(String name, int partitions, int peers) {
        synchronized (GROUPS) {
            return GROUPS.computeIfAbsent(name, n -> new ExecutorShares(n, partitions, peers));
        }
    }

    /**
     * Hands in a task's shares of {@code step} and returns the coordinator's answer, which {@code send}
     * fetches for the whole group in whichever task's thread finds the group complete.
     */
    StepMessages.Reply submit(long taskAttempt, int step, List<StepMessages.Share> mine,
            Function<StepMessages.Shares, StepMessages.Reply> send) {
        lock.lock();
        try {
            attempts.add(taskAttempt);
            shares.addAll(mine);
            changed.signalAll();
            while (answeredStep != step) {
                if (!sending && attempts.size() == members) {
                    return sendFor(step, send);
                }
                changed.awaitUninterruptibly();
            }
            return answer;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends the group's shares with the lock released, and passes the answer to the waiting tasks; if the
     * sending fails, they are told to stop, and the sending task fails with the error.
     */
    private StepMessages.Reply sendFor(int step, Function<StepMessages.Shares, StepMessages.Reply> send) {
        sending = true;
        StepMessages.Shares message = new StepMessages.Shares(attempts.stream().mapToLong(Long::longValue).toArray(),
                step, added(shares));
        attempts.clear();
        shares.clear();
        lock.unlock();
        StepMessages.Reply reply = STOP;
        try {
            reply = send.apply(message);
        } finally {
            lock.lock();
            sending = false;
            answer = reply;
            answeredStep = step;
            changed.signalAll();
        }
        return reply;
    }

    /** The shares added as far as {@link TreeSum}'s order allows: one per whole subtree held here. */
    private List<StepMessages.Share> added(List<StepMessages.Share> leaves) {
        if (leaves.size() < 2) {
            return new ArrayList<>(leaves);
        }
        TreeSum tree = new TreeSum(partitions);
        for (StepMessages.Share share : leaves) {
            tree.add(share.level(), share.index(), share.sum());
        }
        return tree.nodes().stream().map(node -> new StepMessages.Share(node.level(), node.index(), node.sum()))
                .toList();
    }

    /**
     * What the group's tasks share for sending, such as a connection to the driver: made by the first
     * task to ask, in its thread, and closed when the group's last task leaves.
     */
    @SuppressWarnings("unchecked")
    synchronized <T extends AutoCloseable> T shared(Supplier<T> make) {
        if (shared == null) {
            shared = make.get();
        }
        return (T) shared;
    }

    /**
     * A task of the group leaves: it is no longer waited for, and the group is dropped with its last
     * task, which closes what the group shared.
     */
    void leave() {
        int left;
        lock.lock();
        try {
            left = --members;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (left == 0) {
            synchronized (GROUPS) {
                GROUPS.remove(name, this);
            }
            closeShared();
        }
    }

    private synchronized void closeShared() {
        if (shared != null) {
            try {
                shared.close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not close what the tasks of " + name + " shared", e);
            }
            shared = null;
        }
    }
}
