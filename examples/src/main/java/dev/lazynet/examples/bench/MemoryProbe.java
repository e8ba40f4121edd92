package dev.lazynet.examples.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.spark.SparkContext;
import org.apache.spark.storage.RDDInfo;
import scala.Tuple2;

/**
 * Watches the JVM's memory while a fit runs and keeps the peaks: the heap in use, the heap left right
 * after each full garbage collection (what is still referenced, rather than garbage not yet collected),
 * the memory Spark's block manager holds (cached blocks and broadcasts), and the size of what the fit
 * caches: LazyNet's packed input.
 *
 * <p>Only full collections count: a young collection reports the old generation as it is, garbage
 * included, so the one that happens to run just after the rows are packed reads the packing's dead
 * copies of the rows as referenced. The probe forces a full collection at the start of training and
 * every {@value #SAMPLES_PER_COLLECTION} samples, so every fit has readings.
 *
 * <p>On the embedded master the executors live in the driver's JVM, so its heap also holds the cached
 * data, which grows with the rows by design. The driver's own share is what is referenced outside
 * Spark's storage; that is what must stay flat when the rows double.
 *
 * <p>What the fit caches is told apart by Spark's storage info alone: the RDDs cached after the probe
 * started. Training has started once one of them is cached whole, since a fit packs and caches all of
 * its rows in one job before its first step.
 */
final class MemoryProbe implements AutoCloseable {

    private static final long PERIOD_MILLIS = 50;
    /**
     * A full collection every this many samples, so that the heap still referenced is known even in a
     * fit too short for the collector to run on its own; the fits this probe watches are not timed.
     */
    private static final int SAMPLES_PER_COLLECTION = 5;
    /** How G1, Parallel and Serial name a full collection, {@link System#gc()}'s among them. */
    private static final String FULL_COLLECTION = "end of major GC";

    private final SparkContext sc;
    /** The RDDs cached before the fit, which are not the fit's. */
    private final Set<Integer> cachedBefore;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<NotificationEmitter> collectors = new ArrayList<>();
    /** The heap's pools: a collection reports every pool, Metaspace and the code cache included. */
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    private final NotificationListener afterCollection = this::afterCollection;
    private final Thread sampler;
    private volatile boolean running = true;
    private long storage;
    private long peakHeap;
    private long peakLive = -1;
    private long peakLiveOutsideStorage = -1;
    private long peakCachedByFit;
    /** Set once the fit's input is packed and cached whole, so that its training steps run. */
    private volatile boolean training;

    /**
     * Collects garbage so that runs start alike, then watches until {@link #close()}, with a full
     * collection every quarter second: use it on untimed fits only.
     */
    MemoryProbe(SparkContext sc) {
        this.sc = sc;
        this.cachedBefore = Arrays.stream(sc.getRDDStorageInfo()).map(RDDInfo::id).collect(Collectors.toSet());
        System.gc();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(afterCollection, null, null);
                collectors.add(emitter);
            }
        }
        sampler = new Thread(this::sample, "lazynet-memory-probe");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        int samples = 0;
        while (running) {
            if (++samples % SAMPLES_PER_COLLECTION == 0) {
                System.gc();
            }
            long heap = memory.getHeapMemoryUsage().getUsed();
            long held = 0;
            // Spark's map of executors to (memory for storage, memory still free), read through Scala's
            // iterator, which Java can call on every Scala line.
            scala.collection.Iterator<Tuple2<Object, Object>> maxAndFree =
                    sc.getExecutorMemoryStatus().valuesIterator();
            while (maxAndFree.hasNext()) {
                Tuple2<Object, Object> executor = maxAndFree.next();
                held += (Long) executor._1() - (Long) executor._2();
            }
            long cachedByFit = 0;
            boolean packed = false;
            for (RDDInfo info : sc.getRDDStorageInfo()) {
                if (!cachedBefore.contains(info.id())) {
                    cachedByFit += info.memSize() + info.diskSize();
                    packed |= info.numCachedPartitions() == info.numPartitions();
                }
            }
            synchronized (this) {
                storage = held;
                peakHeap = Math.max(peakHeap, heap);
                peakCachedByFit = Math.max(peakCachedByFit, cachedByFit);
            }
            if (packed && !training) {
                startedTraining();
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void afterCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) notification.getUserData());
        if (!FULL_COLLECTION.equals(info.getGcAction())) {
            return;
        }
        long live = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                live += pool.getValue().getUsed();
            }
        }
        synchronized (this) {
            peakLive = Math.max(peakLive, live);
            if (training) {
                peakLiveOutsideStorage = Math.max(peakLiveOutsideStorage, live - storage);
            }
        }
    }

    /**
     * Notes the start of training, and collects at once, so that every fit has a collection while it
     * trains; packing the rows, before, holds a partition's rows twice for a while, on the executors.
     */
    private void startedTraining() {
        training = true;
        System.gc();
    }

    /** The highest heap use seen, garbage included, in bytes. */
    synchronized long peakHeap() {
        return peakHeap;
    }

    /** The most heap left after a full collection during the fit, in bytes; -1 if none ran. */
    synchronized long peakLive() {
        return peakLive;
    }

    /**
     * As {@link #peakLive()}, less what Spark's storage held at the time, over the full collections after
     * training started (the rows packed); -1 if none ran.
     */
    synchronized long peakLiveOutsideStorage() {
        return peakLiveOutsideStorage;
    }

    /** The largest size of what the fit cached (LazyNet's packed input) seen, in bytes, memory and disk. */
    synchronized long peakCachedByFit() {
        return peakCachedByFit;
    }

    /**
     * Stops watching: the sampler ends within one period. It is not interrupted, since it may be inside
     * Spark's RPC, which would print the interruption as an error.
     */
    @Override
    public void close() {
        running = false;
        for (NotificationEmitter emitter : collectors) {
            try {
                emitter.removeNotificationListener(afterCollection);
            } catch (ListenerNotFoundException e) {
                throw new IllegalStateException("The listener added in the constructor is gone", e);
            }
        }
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
