package dev.lazynet.spark;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.BlockId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import scala.runtime.AbstractFunction1;

/**
 * Many fits and transforms in one session leave nothing behind: after a warm-up, the driver's heap after
 * a full collection, its live threads, the broadcast and cached blocks and the open files stay within a
 * bound far below what one leaked object per fit or transform would add.
 */
@Tag("soak")
class SoakTest extends SparkTestBase {

    private static final int WARM_UP = 10;
    private static final int ROUNDS = 100;
    private static final List<Row> BLOBS = TestData.blobs(60, 4, 3, 11);

    /** What the driver holds, after a full collection. */
    private record Held(long heapBytes, int threads, int broadcastBlocks, int cachedRdds, long openFiles) {

        static Held now() {
            fullCollection();
            return new Held(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                    ManagementFactory.getThreadMXBean().getThreadCount(), countBroadcastBlocks(),
                    spark.sparkContext().getPersistentRDDs().size(),
                    ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getOpenFileDescriptorCount());
        }

        boolean within(Held base) {
            return heapBytes <= base.heapBytes + 64L * 1024 * 1024 && threads <= base.threads + 16
                    && broadcastBlocks <= base.broadcastBlocks + 10 && cachedRdds <= base.cachedRdds
                    && openFiles <= base.openFiles + 16;
        }
    }

    /** Runs {@code System.gc()} until a collector says it ran a collection. */
    private static void fullCollection() {
        long before = collections();
        while (collections() == before) {
            System.gc();
        }
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    /** Broadcast blocks in the driver's block manager, which in local mode is every one. */
    private static int countBroadcastBlocks() {
        return SparkEnv.get().blockManager().getMatchingBlockIds(new AbstractFunction1<BlockId, Object>() {
            @Override
            public Object apply(BlockId id) {
                return id.isBroadcast();
            }
        }).size();
    }

    private static void fitAndTransform(Dataset<Row> data, int round) {
        LazyNetClassificationModel model = new LazyNetClassifier().setLayers("dense(6,relu) dense(3)")
                .setMaxIter(1).setBatchSize(20).setSeed(round).fit(data);
        assertEquals(BLOBS.size(), model.transform(data).count());
    }

    @Test
    void aHundredFitsAndTransformsInOneSessionLeaveNoHeapThreadsBlocksOrFilesBehind() {
        Dataset<Row> data = TestData.frame(spark, BLOBS, 2);
        for (int i = 0; i < WARM_UP; i++) {
            fitAndTransform(data, i);
        }
        Held base = Held.now();
        for (int i = 0; i < ROUNDS; i++) {
            fitAndTransform(data, WARM_UP + i);
        }
        // Spark's cleaner drops a collected broadcast on its own thread, shortly after the collection.
        Held[] after = new Held[1];
        await().atMost(Duration.ofMinutes(1)).until(() -> (after[0] = Held.now()).within(base));
        System.out.println("Soak, after " + WARM_UP + " warm-up rounds: " + base + "; after " + ROUNDS
                + " more fits and transforms: " + after[0]);
        assertTrue(after[0].within(base), after[0] + " against " + base);
    }
}
