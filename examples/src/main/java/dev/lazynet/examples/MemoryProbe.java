package dev.lazynet.examples;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.apache.spark.SparkContext;
import org.apache.spark.storage.RDDInfo;
import scala.Tuple2;

/**
 * Samples, while a fit runs, the JVM's heap, the memory Spark's block manager holds (cached blocks
 * and broadcasts), and the size of LazyNet's packed input, and keeps the peaks.
 *
 * <p>On the embedded master the executors live in the driver's JVM, so its heap also holds the cached
 * data, which grows with the rows by design. The driver's own share is the heap outside Spark's
 * storage; that is what must stay flat when the rows double.
 */
final class MemoryProbe implements AutoCloseable {

    /** The name LazyNet gives its cached, packed input. */
    private static final String PACKED_PREFIX = "LazyNet packed rows";
    private static final long PERIOD_MILLIS = 50;

    private final SparkContext sc;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile boolean running = true;
    private long peakHeap;
    private long peakOutsideStorage;
    private long peakPacked;

    /** Collects garbage so that runs start alike, then samples until {@link #close()}. */
    MemoryProbe(SparkContext sc) {
        this.sc = sc;
        System.gc();
        sampler = new Thread(this::sample, "lazynet-memory-probe");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            long heap = memory.getHeapMemoryUsage().getUsed();
            long storage = 0;
            for (Tuple2<Object, Object> maxAndFree : scala.jdk.javaapi.CollectionConverters.asJava(
                    sc.getExecutorMemoryStatus()).values()) {
                storage += (Long) maxAndFree._1() - (Long) maxAndFree._2();
            }
            long packed = 0;
            for (RDDInfo info : sc.getRDDStorageInfo()) {
                if (info.name() != null && info.name().startsWith(PACKED_PREFIX)) {
                    packed += info.memSize() + info.diskSize();
                }
            }
            synchronized (this) {
                peakHeap = Math.max(peakHeap, heap);
                peakOutsideStorage = Math.max(peakOutsideStorage, heap - storage);
                peakPacked = Math.max(peakPacked, packed);
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The highest heap use seen, in bytes. */
    synchronized long peakHeap() {
        return peakHeap;
    }

    /** The highest heap use outside Spark's storage memory seen, in bytes. */
    synchronized long peakOutsideStorage() {
        return peakOutsideStorage;
    }

    /** The largest size of LazyNet's cached, packed input seen, in bytes (memory and disk). */
    synchronized long peakPacked() {
        return peakPacked;
    }

    /** Stops sampling. */
    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
