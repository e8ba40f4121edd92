package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.Ranges;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Ranges} for the driver's update in a one-job epoch in local mode, split between the task that
 * completes the step, which runs the update, and the epoch's other tasks in the driver's JVM, which would
 * otherwise spin until it is done: a waiting task calls {@link #help} between its checks for the answer.
 * The ranges are taken one at a time by whichever thread comes first, so the update finishes even if no
 * task helps; the result does not depend on who ran which range.
 */
final class HelpingRanges implements Ranges {

    /** The fewest indices worth a range of their own: below it, handing work over costs more than it saves. */
    static final int MIN_RANGE = 8192;
    /** The most ranges one pass is cut into, a few per helping thread so that a slow one holds up little. */
    static final int MAX_RANGES = 8;

    private volatile Pass pass;

    @Override
    public void forEach(int n, Body body) {
        int ranges = Math.min(MAX_RANGES, n / MIN_RANGE);
        if (ranges < 2) {
            body.run(0, n);
            return;
        }
        Pass current = new Pass(n, ranges, body);
        pass = current;
        try {
            current.work();
        } finally {
            pass = null;
        }
        current.awaitAll();
    }

    /** Runs ranges of the pass under way, if there is one, until none is left to take. */
    void help() {
        Pass current = pass;
        if (current != null) {
            current.work();
        }
    }

    /** One call of {@link #forEach}: its ranges, which threads take by number, and those finished. */
    private static final class Pass {
        private final int n;
        private final int ranges;
        private final Body body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile RuntimeException failure;
        private volatile Error error;

        Pass(int n, int ranges, Body body) {
            this.n = n;
            this.ranges = ranges;
            this.body = body;
        }

        void work() {
            int range;
            while ((range = next.getAndIncrement()) < ranges) {
                try {
                    body.run(bound(range), bound(range + 1));
                } catch (RuntimeException e) {
                    failure = e;
                } catch (Error e) {
                    error = e;
                } finally {
                    finished.incrementAndGet();
                }
            }
        }

        /** Where range {@code range} starts, a multiple of 16 floats so that no two ranges share a cache line. */
        private int bound(int range) {
            return range == ranges ? n : (int) ((long) n * range / ranges) & ~15;
        }

        /** Waits for the ranges other threads took, then throws what any range threw. */
        void awaitAll() {
            while (finished.get() < ranges) {
                Thread.onSpinWait();
            }
            if (error != null) {
                throw error;
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
