package dev.lazynet.spark.internal.engine;

import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.Sequential;
import dev.lazynet.spark.LazyNetClassifier;
import dev.lazynet.spark.SparkTestBase;
import dev.lazynet.spark.TestData;
import dev.lazynet.tensor.Shape;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryGuardTest extends SparkTestBase {

    private static final long GIB = 1L << 30;

    private static String refusal(long parameters, String optimizer, MemoryGuard.Budget budget) {
        return assertThrows(IllegalArgumentException.class, () -> MemoryGuard.check(parameters, optimizer, budget))
                .getMessage();
    }

    @Test
    void parametersAreCountedFromShapesWithoutAllocatingThem() {
        Sequential network = NetworkSpec.parse("dense(100000) dense(100000)");
        network.inferShape(Shape.of(Shape.UNKNOWN, 100000));

        assertEquals(2L * (100000L * 100000 + 100000), MemoryGuard.parameterCount(network));
    }

    @Test
    void aNetworkTooLargeForTheDriverIsRefusedWithTheSizes() {
        String message = refusal(500_000_000L, "adam", new MemoryGuard.Budget(4 * GIB, 8 * GIB, 1, false));

        assertTrue(message.contains("The network has 500,000,000 parameters (1.9 GiB as floats); training it with adam"
                + " keeps about 9 such arrays on the driver"), message);
        assertTrue(message.contains("16.8 GiB, but the driver's heap is 4.0 GiB; use a smaller network or raise"
                + " spark.driver.memory"), message);
    }

    @Test
    void aNetworkTooLargeForAnExecutorIsRefusedWithTheSizes() {
        String message = refusal(100_000_000L, "sgd", new MemoryGuard.Budget(16 * GIB, 2 * GIB, 4, false));

        assertTrue(message.contains("each executor holds the broadcast weights and 4 arrays for each of its 4"
                + " concurrent tasks: 6.3 GiB, but spark.executor.memory (2.0 GiB) leaves 1.7 GiB after Spark's"
                + " reserve of 300.0 MiB"), message);
        assertTrue(message.contains("lower spark.executor.cores"), message);
    }

    @Test
    void localModeCountsTheDriverAndItsTasksTogether() {
        String message = refusal(100_000_000L, "adam", new MemoryGuard.Budget(2 * GIB, 0, 2, true));

        assertTrue(message.contains("in local mode keeps about 18 such arrays in the driver's JVM"), message);
        assertTrue(message.contains("and 4 per each of the 2 local tasks): 6.7 GiB, but the driver's heap is 2.0 GiB"),
                message);
        MemoryGuard.check(1_000_000L, "adam", new MemoryGuard.Budget(2 * GIB, 0, 2, true));
    }

    @Test
    void moreParametersThanAnArrayHoldsAreRefused() {
        String message = refusal(3_000_000_000L, "sgd", new MemoryGuard.Budget(Long.MAX_VALUE, Long.MAX_VALUE, 1,
                false));

        assertTrue(message.contains("3,000,000,000 parameters (11.2 GiB as floats), more than the 2147483639 one flat"
                + " float array can hold"), message);
    }

    @Test
    void aFitOfANetworkThatCannotFitIsRefusedBeforeAnyWeightIsAllocated() {
        LazyNetClassifier huge = new LazyNetClassifier().setLayers("dense(100000000) dense(3)").setMaxIter(1);

        String message = assertThrows(IllegalArgumentException.class,
                () -> huge.fit(TestData.frame(spark, TestData.blobs(9, 3, 3, 1), 1))).getMessage();
        assertTrue(message.contains("The network has 700,000,003 parameters (2.6 GiB as floats)"), message);
        assertTrue(message.contains("raise spark.driver.memory"), message);
    }
}
