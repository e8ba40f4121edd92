package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.data.NetworkRecipe;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The idle {@link PartitionWorker}s of this JVM, one per fit and partition, so that the steps of a fit
 * reuse them instead of building a worker per task.
 *
 * <p>A task takes its worker out and gives it back when done; a second task for the same fit and
 * partition running at the same time (Spark does not schedule one, but nothing here relies on that)
 * finds none and builds its own. The fit releases its workers when it ends ({@link #release}); workers
 * a release cannot reach (a task that ran on another executor, a driver that died) are dropped once
 * they have been idle for {@link #IDLE_LIMIT_NANOS}, checked whenever a worker is given back.
 */
final class ExecutorWorkers {

    /** How long an idle worker is kept: far longer than any pause between two steps of a live fit. */
    static final long IDLE_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private static final Map<Key, PartitionWorker> IDLE = new HashMap<>();

    private record Key(String fitId, int partition) {
    }

    private ExecutorWorkers() {
    }

    /** The idle worker of {@code fitId} and {@code partition}, taken out, or a new one from {@code create}. */
    static PartitionWorker take(String fitId, int partition, Supplier<PartitionWorker> create) {
        PartitionWorker worker;
        synchronized (IDLE) {
            worker = IDLE.remove(new Key(fitId, partition));
        }
        return worker != null ? worker : create.get();
    }

    /**
     * Runs {@code work} on the worker of {@code fitId} and {@code partition}, made from {@code recipe} if this
     * JVM has none idle, and gives it back afterwards.
     */
    static PartialSum run(String fitId, int partition, NetworkRecipe recipe,
            Function<PartitionWorker, PartialSum> work) {
        PartitionWorker worker = take(fitId, partition, () -> new PartitionWorker(recipe));
        try {
            return work.apply(worker);
        } finally {
            giveBack(fitId, partition, worker);
        }
    }

    /** Puts a worker back for the next step, and drops workers idle for too long. */
    static void giveBack(String fitId, int partition, PartitionWorker worker) {
        long now = System.nanoTime();
        worker.markUsed(now);
        synchronized (IDLE) {
            IDLE.put(new Key(fitId, partition), worker);
            evictIdleBefore(now - IDLE_LIMIT_NANOS);
        }
    }

    /** Drops every idle worker of {@code fitId}; returns how many there were. */
    static int release(String fitId) {
        synchronized (IDLE) {
            int before = IDLE.size();
            IDLE.keySet().removeIf(key -> key.fitId().equals(fitId));
            return before - IDLE.size();
        }
    }

    /** Drops the workers last used before {@code nanos}; returns how many. */
    static int evictIdleBefore(long nanos) {
        synchronized (IDLE) {
            int evicted = 0;
            for (Iterator<PartitionWorker> it = IDLE.values().iterator(); it.hasNext(); ) {
                if (it.next().lastUsed() - nanos < 0) {
                    it.remove();
                    evicted++;
                }
            }
            return evicted;
        }
    }
}
