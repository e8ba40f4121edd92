package dev.lazynet.spark.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecutorSharesTest {

    private static final StepMessages.Reply NEXT =
            new StepMessages.Reply(StepMessages.ReplyKind.WEIGHTS, 1, new float[] {1});

    private static List<StepMessages.Share> share(int partition, float value) {
        return List.of(new StepMessages.Share(partition, new PartialSum(new float[] {value, 1}, partition, 1, 0)));
    }

    @Test
    void theTasksOfAnExecutorSendOneMessagePerStepWithTheirWholeSubtreesAdded() throws Exception {
        ExecutorShares group = ExecutorShares.enter("executor-shares-test-one", 4, 3);
        List<StepMessages.Shares> sent = Collections.synchronizedList(new ArrayList<>());
        ExecutorService tasks = Executors.newFixedThreadPool(3);
        try {
            List<Future<StepMessages.Reply>> replies = new ArrayList<>();
            int[] partitions = {2, 0, 1};
            for (int t = 0; t < 3; t++) {
                long attempt = 10 + t;
                int partition = partitions[t];
                replies.add(tasks.submit(() -> group.submit(attempt, 0, share(partition, 1e8f * partition + 1),
                        all -> {
                            sent.add(all);
                            return NEXT;
                        })));
            }
            for (Future<StepMessages.Reply> reply : replies) {
                assertSame(NEXT, reply.get());
            }
        } finally {
            tasks.shutdownNow();
        }
        assertEquals(1, sent.size(), "one message for the three tasks");
        StepMessages.Shares message = sent.get(0);
        long[] attempts = message.taskAttempts().clone();
        Arrays.sort(attempts);
        assertArrayEquals(new long[] {10, 11, 12}, attempts);
        List<String> nodes = message.shares().stream().map(s -> s.level() + ":" + s.index()).sorted().toList();
        assertEquals(List.of("0:2", "1:0"), nodes, "partitions 0 and 1 form a node; 2 waits for 3 on the driver");
        PartialSum first = message.shares().stream().filter(s -> s.level() == 1).findFirst().orElseThrow().sum();
        assertArrayEquals(new float[] {1 + (1e8f + 1), 2}, first.values);
        assertEquals(2, first.rows);
    }

    @Test
    void aTaskThatLeavesIsNoLongerWaitedForAndAFailedSendFailsTheTaskThatSent() throws Exception {
        ExecutorShares group = ExecutorShares.enter("executor-shares-test-two", 2, 2);
        AtomicInteger messages = new AtomicInteger();
        ExecutorService tasks = Executors.newSingleThreadExecutor();
        try {
            Future<StepMessages.Reply> waiting = tasks.submit(() -> group.submit(1, 0, share(0, 1), all -> {
                messages.incrementAndGet();
                return NEXT;
            }));
            group.leave();
            assertSame(NEXT, waiting.get());
            assertEquals(1, messages.get());

            IllegalStateException lost = new IllegalStateException("the driver is gone");
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> group.submit(1, 1, share(0, 1), all -> {
                        throw lost;
                    }));
            assertSame(lost, thrown);
        } finally {
            tasks.shutdownNow();
            group.leave();
        }
    }
}
