package dev.lazynet.spark.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The coordinator's protocol, driven by hand: no Spark, a test clock, answers collected in lists. */
class StepCoordinatorTest {

    private final AtomicLong clock = new AtomicLong();
    private final List<Integer> stepsApplied = new ArrayList<>();
    private final List<float[]> totals = new ArrayList<>();

    /** A coordinator whose driver step records the total and adds 1 to every weight. */
    private StepCoordinator coordinator(int partitions, int steps, float[] weights) {
        return new StepCoordinator(partitions, new int[0], steps, weights, (step, total, ranges) -> {
            stepsApplied.add(step);
            totals.add(total.values.clone());
            for (int i = 0; i < weights.length; i++) {
                weights[i] += 1;
            }
        }, clock::get);
    }

    /** Collects the answers one task gets. */
    private static final class Task {
        final List<StepMessages.Reply> replies = new ArrayList<>();

        void answer(StepMessages.Reply reply) {
            replies.add(new StepMessages.Reply(reply.kind(), reply.step(),
                    reply.weights() == null ? null : reply.weights().clone(), reply.peers()));
        }

        StepMessages.Reply last() {
            return replies.get(replies.size() - 1);
        }
    }

    private static List<StepMessages.Share> share(int partition, float... values) {
        return List.of(new StepMessages.Share(partition, new PartialSum(values, partition + 0.5, 2, 0)));
    }

    @Test
    void everyTaskGetsTheNextWeightsOnlyOnceAllPartitionsHaveSentTheirShare() {
        StepCoordinator coordinator = coordinator(3, 2, new float[] {0, 0});
        Task a = new Task();
        Task b = new Task();
        coordinator.join(10, "executor", new int[] {0, 2}, a::answer);
        coordinator.join(11, "executor", new int[] {1}, b::answer);
        assertEquals(0, a.last().step());
        assertArrayEquals(new float[] {0, 0}, a.last().weights());

        coordinator.shares(10, 0, List.of(
                new StepMessages.Share(0, new PartialSum(new float[] {1, 2}, 1, 2, 0)),
                new StepMessages.Share(2, new PartialSum(new float[] {3, 4}, 1, 2, 0))), a::answer);
        assertEquals(1, a.replies.size(), "a waits for partition 1");
        coordinator.shares(11, 0, share(1, 5, 6), b::answer);

        assertEquals(List.of(0), stepsApplied);
        assertArrayEquals(new float[] {9, 12}, totals.get(0));
        for (Task task : List.of(a, b)) {
            assertEquals(StepMessages.ReplyKind.WEIGHTS, task.last().kind());
            assertEquals(1, task.last().step());
            assertArrayEquals(new float[] {1, 1}, task.last().weights());
        }
        assertEquals(1, coordinator.completedSteps());
        assertEquals(StepCoordinator.Outcome.RUNNING, coordinator.outcome());
    }

    @Test
    void joinsAreAnsweredOnceEveryPartitionHasJoinedWithTheTasksOnTheSameExecutor() {
        StepCoordinator coordinator = coordinator(4, 2, new float[] {0, 0});
        Task a = new Task();
        Task b = new Task();
        Task c = new Task();
        coordinator.join(1, "executor 1", new int[] {0}, a::answer);
        coordinator.join(2, "executor 1", new int[] {1, 3}, b::answer);
        assertTrue(a.replies.isEmpty(), "partition 2 has not joined yet");
        coordinator.join(3, "executor 2", new int[] {2}, c::answer);

        assertEquals(2, a.last().peers());
        assertEquals(2, b.last().peers());
        assertEquals(1, c.last().peers());
        assertEquals(0, c.last().step());
    }

    @Test
    void oneMessageOfNodesFromAnExecutorsTasksCompletesTheirPartitionsBitwiseAsTheirOwnSharesWould() {
        float[][] sums = new float[2][];
        for (int grouped = 0; grouped < 2; grouped++) {
            totals.clear();
            StepCoordinator coordinator = coordinator(3, 1, new float[2]);
            Task task = new Task();
            coordinator.join(1, "executor 1", new int[] {0}, task::answer);
            coordinator.join(2, "executor 1", new int[] {1}, task::answer);
            coordinator.join(3, "executor 2", new int[] {2}, task::answer);
            if (grouped == 1) {
                PartialSum node = new PartialSum(new float[] {1e8f, 3}, 0.5, 2, 0).plus(
                        new PartialSum(new float[] {1, -7e7f}, 1.5, 2, 0));
                coordinator.shares(new long[] {1, 2}, 0, List.of(new StepMessages.Share(1, 0, node)), task::answer);
                assertEquals(1, coordinator.shareMessages());
            } else {
                coordinator.shares(1, 0, share(0, 1e8f, 3), task::answer);
                coordinator.shares(2, 0, share(1, 1, -7e7f), task::answer);
            }
            coordinator.shares(3, 0, share(2, 0.5f, 2.5f), task::answer);
            assertEquals(1, coordinator.completedSteps());
            sums[grouped] = totals.get(0);
        }
        assertArrayEquals(sums[0], sums[1]);
    }

    @Test
    void partitionsWithoutTrainingRowsAreLeftOutOfTheTasksAndCountAsEmptyShares() {
        StepCoordinator coordinator = new StepCoordinator(3, new int[] {1}, 1, new float[] {0},
                (step, total, ranges) -> totals.add(total.values.clone()), clock::get);
        Task task = new Task();
        coordinator.join(1, "executor", new int[] {0, 2}, task::answer);
        coordinator.shares(1, 0, List.of(
                new StepMessages.Share(0, new PartialSum(new float[] {1}, 0, 1, 0)),
                new StepMessages.Share(2, new PartialSum(new float[] {2}, 0, 1, 0))), task::answer);

        assertEquals(StepMessages.ReplyKind.DONE, task.last().kind());
        assertArrayEquals(new float[] {3}, totals.get(0));
    }

    @Test
    void afterTheLastStepEveryTaskIsToldTheEpochIsDone() {
        StepCoordinator coordinator = coordinator(1, 2, new float[] {0});
        Task task = new Task();
        coordinator.join(1, "executor", new int[] {0}, task::answer);
        coordinator.shares(1, 0, share(0, 1), task::answer);
        coordinator.shares(1, 1, share(0, 1), task::answer);

        assertEquals(StepMessages.ReplyKind.DONE, task.last().kind());
        assertEquals(StepCoordinator.Outcome.DONE, coordinator.outcome());
        assertEquals(2, coordinator.completedSteps());
        assertEquals(1.0, coordinator.lossSum());
        assertNull(coordinator.stopReason());
    }

    @Test
    void theSumOfAStepIsBitwiseTheSameWhicheverTaskSendsFirst() {
        float[] big = {1e8f, 3f, -7e7f};
        float[] small = {1f, 1e-3f, 2.5f};
        float[] other = {-1e8f, 5e6f, 0.125f};
        float[][] sums = new float[2][];
        for (int order = 0; order < 2; order++) {
            totals.clear();
            StepCoordinator coordinator = coordinator(3, 1, new float[3]);
            Task task = new Task();
            for (int p = 0; p < 3; p++) {
                coordinator.join(p, "executor", new int[] {p}, task::answer);
            }
            int[] arrival = order == 0 ? new int[] {0, 1, 2} : new int[] {2, 0, 1};
            float[][] values = {big, small, other};
            for (int p : arrival) {
                coordinator.shares(p, 0, share(p, values[p].clone()), task::answer);
            }
            sums[order] = totals.get(0);
        }
        assertArrayEquals(sums[0], sums[1]);
    }

    @Test
    void aPartitionThatJoinsASecondTimeStopsTheEpochAndEveryWaitingTaskIsToldToStop() {
        StepCoordinator coordinator = coordinator(2, 3, new float[] {0});
        Task a = new Task();
        Task retried = new Task();
        coordinator.join(1, "executor", new int[] {0}, a::answer);
        coordinator.join(2, "executor", new int[] {1}, new Task()::answer);
        coordinator.shares(1, 0, share(0, 1), a::answer);
        coordinator.join(3, "executor", new int[] {1}, retried::answer);

        assertEquals(StepCoordinator.Outcome.STOPPED, coordinator.outcome());
        assertTrue(coordinator.stopReason().contains("partition 1 started again (task attempt 3 after 2)"),
                coordinator.stopReason());
        assertEquals(StepMessages.ReplyKind.STOP, a.last().kind());
        assertEquals(StepMessages.ReplyKind.STOP, retried.last().kind());
        assertEquals(0, coordinator.completedSteps(), "the open step is left to the jobs per step");
        assertTrue(stepsApplied.isEmpty());
    }

    @Test
    void aShareOfAnotherStepOrFromATaskThatDoesNotOwnThePartitionStopsTheEpoch() {
        StepCoordinator stale = coordinator(1, 3, new float[] {0});
        Task task = new Task();
        stale.join(1, "executor", new int[] {0}, task::answer);
        stale.shares(1, 2, share(0, 1), task::answer);
        assertEquals(StepCoordinator.Outcome.STOPPED, stale.outcome());
        assertTrue(stale.stopReason().contains("sent step 3 while step 1 was open"), stale.stopReason());

        StepCoordinator stranger = coordinator(2, 3, new float[] {0});
        stranger.join(1, "executor", new int[] {0}, task::answer);
        stranger.shares(7, 0, share(0, 1), task::answer);
        assertEquals(StepCoordinator.Outcome.STOPPED, stranger.outcome());
        assertTrue(stranger.stopReason().contains("task attempt 7 sent a share of partition 0"),
                stranger.stopReason());
        assertEquals(StepMessages.ReplyKind.STOP, task.last().kind());
    }

    @Test
    void aFailureOfTheDriversStepEndsTheEpochAndIsKeptForTheDriver() {
        IllegalStateException diverged = new IllegalStateException("the loss is NaN");
        StepCoordinator coordinator = new StepCoordinator(1, new int[0], 3, new float[] {0}, (step, total, ranges) -> {
            throw diverged;
        }, clock::get);
        Task task = new Task();
        coordinator.join(1, "executor", new int[] {0}, task::answer);
        coordinator.shares(1, 0, share(0, 1), task::answer);

        assertEquals(StepCoordinator.Outcome.FAILED, coordinator.outcome());
        assertSame(diverged, coordinator.failure());
        assertEquals(StepMessages.ReplyKind.STOP, task.last().kind());
        coordinator.join(2, "executor", new int[] {0}, task::answer);
        assertEquals(StepMessages.ReplyKind.STOP, task.last().kind(), "a late task is told to stop too");
    }

    @Test
    void aStepThatHearsFromNoTaskForLongerThanTheLimitIsStalled() {
        StepCoordinator coordinator = coordinator(2, 3, new float[] {0});
        coordinator.join(1, "executor", new int[] {0}, new Task()::answer);
        clock.addAndGet(5_000);
        assertFalse(coordinator.stalled(5_000));
        clock.addAndGet(1);
        assertTrue(coordinator.stalled(5_000));

        coordinator.stop("stalled");
        assertFalse(coordinator.stalled(5_000), "a stopped epoch is not waiting for anything");
    }

    @Test
    void tasksInTheDriversJvmGetTheNextWeightsWhetherTheySpinOrSleepWhileTheyWait() throws Exception {
        for (long spinNanos : new long[] {0, 2_000_000L}) {
            StepCoordinator coordinator = coordinator(2, 2, new float[] {0});
            StepMessages.Reply[] other = new StepMessages.Reply[1];
            Thread task = new Thread(() -> {
                StepChannel channel = new StepChannel.Direct(coordinator, spinNanos);
                channel.join(1, new int[] {0});
                other[0] = channel.shares(1, 0, share(0, 1));
            });
            task.start();
            StepChannel channel = new StepChannel.Direct(coordinator, spinNanos);
            channel.join(2, new int[] {1});
            StepMessages.Reply mine = channel.shares(2, 0, share(1, 2));
            task.join();

            assertEquals(1, mine.step());
            assertEquals(1, other[0].step());
            assertEquals(StepMessages.ReplyKind.WEIGHTS, other[0].kind());
        }
    }

    @Test
    void messagesRoundTripWithEmptySharesAndAreCheckedForTheirKind() {
        byte[] shares = StepMessages.shares(new long[] {5, 6}, 7, List.of(new StepMessages.Share(3, PartialSum.EMPTY),
                new StepMessages.Share(4, new PartialSum(new float[] {1.5f, -2f}, 0.25, 9, 12.5, 0))));
        StepMessages.Shares read = StepMessages.readShares(shares);
        assertArrayEquals(new long[] {5, 6}, read.taskAttempts());
        assertEquals(7, read.step());
        assertEquals(3, read.shares().get(0).index());
        assertEquals(0, read.shares().get(0).level());
        assertNull(read.shares().get(0).sum().values);
        assertEquals(0, read.shares().get(0).sum().rows);
        assertArrayEquals(new float[] {1.5f, -2f}, read.shares().get(1).sum().values);
        assertEquals(0.25, read.shares().get(1).sum().loss);
        assertEquals(9, read.shares().get(1).sum().rows);
        assertEquals(12.5, read.shares().get(1).sum().weight);

        StepMessages.Join join = StepMessages.readJoin(StepMessages.join(8, "executor 1", new int[] {2, 6}));
        assertEquals(8, join.taskAttempt());
        assertEquals("executor 1", join.executor());
        assertArrayEquals(new int[] {2, 6}, join.partitions());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepMessages.readJoin(shares));
        assertTrue(e.getMessage().contains("kind 1, but got kind 2"), e.getMessage());
    }
}
