package dev.lazynet.spark.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class HelpingRangesTest {

    @Test
    void aWaitingThreadTakesRangesOfThePassAndEveryIndexIsRunOnce() throws Exception {
        HelpingRanges ranges = new HelpingRanges();
        int n = 10 * HelpingRanges.MIN_RANGE + 5;
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        Map<Integer, Thread> byRange = new ConcurrentHashMap<>();
        CountDownLatch helped = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean callerHeld = new AtomicBoolean();
        Thread helper = new Thread(() -> {
            while (!done.get()) {
                ranges.help();
                Thread.onSpinWait();
            }
        });
        helper.start();
        Thread caller = Thread.currentThread();
        try {
            ranges.forEach(n, (from, to) -> {
                byRange.put(from, Thread.currentThread());
                for (int i = from; i < to; i++) {
                    runs.incrementAndGet(i);
                }
                if (Thread.currentThread() != caller) {
                    helped.countDown();
                } else if (callerHeld.compareAndSet(false, true)) {
                    // The caller holds the first range it takes until the helper has run one. Which range
                    // that is depends on who comes first: the pass is open to the helper before the caller
                    // takes a range.
                    await(helped);
                }
            });
        } finally {
            done.set(true);
            helper.join();
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
        assertEquals(HelpingRanges.MAX_RANGES, byRange.size());
        assertTrue(byRange.values().contains(helper), "the waiting thread ran a range");
        byRange.values().forEach(thread -> assertTrue(thread == caller || thread == helper, "ran on " + thread));
        byRange.keySet().forEach(from -> assertEquals(0, from % 16, "range start " + from));
    }

    @Test
    void aPassTooSmallToShareRunsWholeOnTheCallingThread() {
        HelpingRanges ranges = new HelpingRanges();
        int[] calls = new int[3];
        ranges.forEach(2 * HelpingRanges.MIN_RANGE - 1, (from, to) -> {
            calls[0]++;
            calls[1] = from;
            calls[2] = to;
        });
        assertEquals(1, calls[0]);
        assertEquals(0, calls[1]);
        assertEquals(2 * HelpingRanges.MIN_RANGE - 1, calls[2]);
    }

    @Test
    void aRangeThatFailsFailsThePassAfterTheOtherRanges() {
        HelpingRanges ranges = new HelpingRanges();
        int n = 4 * HelpingRanges.MIN_RANGE;
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> ranges.forEach(n,
                (from, to) -> {
                    runs.incrementAndGet(from / HelpingRanges.MIN_RANGE);
                    if (from == 0) {
                        throw new IllegalStateException("range 0");
                    }
                }));
        assertEquals("range 0", thrown.getMessage());
        for (int r = 0; r < 4; r++) {
            assertEquals(1, runs.get(r), "range " + r);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the helper ran no range within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
