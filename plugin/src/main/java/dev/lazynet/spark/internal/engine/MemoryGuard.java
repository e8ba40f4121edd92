package dev.lazynet.spark.internal.engine;

import dev.lazynet.io.ByteSizes;
import dev.lazynet.nn.Layer;
import dev.lazynet.nn.Parameter;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.annotation.Private;

/**
 * Refuses, before any weight is allocated, a network whose training arrays cannot fit in the driver's or
 * an executor's heap, with the sizes in the message: better than an {@link OutOfMemoryError} minutes
 * into a fit, or a driver that thrashes in garbage collection.
 *
 * <p>The estimate counts only the flat parameter-sized arrays a step keeps alive (activations and
 * Spark's own overhead come on top), so it is a lower bound: what it refuses surely cannot run.
 */
@Private
public final class MemoryGuard {

    /** The largest float array a JVM allocates. */
    public static final long MAX_FLOATS = Integer.MAX_VALUE - 8;
    /**
     * Parameter-sized arrays on the driver besides the optimizer's slots: the weights, the gradient, the
     * copy being broadcast and its serialized blocks, the last good weights, and two partial sums
     * arriving from tasks.
     */
    public static final int DRIVER_ARRAYS = 7;
    /** Per running task: the network's values and gradients, the task's sum and its serialized result. */
    public static final int TASK_ARRAYS = 4;
    /** Heap Spark reserves on each executor for itself ({@code RESERVED_SYSTEM_MEMORY_BYTES}). */
    public static final long EXECUTOR_RESERVED_BYTES = 300L << 20;

    /**
     * Where the arrays must fit.
     *
     * @param driverHeap the driver's maximum heap, in bytes
     * @param executorHeap {@code spark.executor.memory}, in bytes; unused in local mode
     * @param tasksPerExecutor tasks an executor (or, in local mode, the driver) runs at once
     * @param local whether the tasks run in the driver's JVM
     */
    public record Budget(long driverHeap, long executorHeap, int tasksPerExecutor, boolean local) {

        /** The budget of a running Spark application. */
        public static Budget of(SparkContext sc) {
            SparkConf conf = sc.getConf();
            int tasks = sc.isLocal() ? sc.defaultParallelism()
                    : Math.max(1, conf.getInt("spark.executor.cores", 1) / Math.max(1, conf.getInt("spark.task.cpus", 1)));
            return new Budget(Runtime.getRuntime().maxMemory(), conf.getSizeAsBytes("spark.executor.memory", "1g"),
                    tasks, sc.isLocal());
        }
    }

    private MemoryGuard() {
    }

    /**
     * Checks a network whose parameter shapes are known but not yet allocated.
     *
     * @throws IllegalArgumentException if training it cannot fit, with the sizes and what to change
     */
    public static void check(Layer network, String optimizer, SparkContext sc) {
        check(parameterCount(network), optimizer, Budget.of(sc));
    }

    /** The number of floats in {@code network}'s parameters, without allocating them. */
    public static long parameterCount(Layer network) {
        long total = 0;
        for (Parameter p : network.parameters().values()) {
            long size = 1;
            for (int d : p.shape().dims()) {
                size *= d;
            }
            total += size;
        }
        return total;
    }

    /**
     * Checks {@code parameters} floats trained with {@code optimizer} against {@code budget}.
     *
     * @throws IllegalArgumentException if they cannot fit
     */
    public static void check(long parameters, String optimizer, Budget budget) {
        String network = String.format(Locale.ROOT, "The network has %,d parameters (%s as floats)", parameters,
                ByteSizes.format(parameters * Float.BYTES));
        if (parameters > MAX_FLOATS) {
            throw new IllegalArgumentException(network + ", more than the " + MAX_FLOATS + " one flat float array can"
                    + " hold; use a smaller network");
        }
        int slots = optimizer.equals("adam") ? 2 : 1;
        int driverArrays = DRIVER_ARRAYS + slots;
        int taskArrays = budget.tasksPerExecutor() * TASK_ARRAYS;
        if (budget.local()) {
            long needed = parameters * Float.BYTES * (driverArrays + 1 + taskArrays);
            if (needed > budget.driverHeap()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s; training it with %s in local mode"
                        + " keeps about %d such arrays in the driver's JVM (the weights, gradient, %d optimizer"
                        + " slot(s), broadcast and partial sums, and %d per each of the %d local tasks): %s, but the"
                        + " driver's heap is %s; use a smaller network or raise spark.driver.memory", network,
                        optimizer, driverArrays + 1 + taskArrays, slots, TASK_ARRAYS, budget.tasksPerExecutor(),
                        ByteSizes.format(needed), ByteSizes.format(budget.driverHeap())));
            }
            return;
        }
        long driverNeeded = parameters * Float.BYTES * driverArrays;
        if (driverNeeded > budget.driverHeap()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s; training it with %s keeps about %d"
                    + " such arrays on the driver (the weights, gradient, %d optimizer slot(s), broadcast and partial"
                    + " sums): %s, but the driver's heap is %s; use a smaller network or raise spark.driver.memory",
                    network, optimizer, driverArrays, slots, ByteSizes.format(driverNeeded),
                    ByteSizes.format(budget.driverHeap())));
        }
        long executorNeeded = parameters * Float.BYTES * (1 + taskArrays);
        long usable = budget.executorHeap() - EXECUTOR_RESERVED_BYTES;
        if (executorNeeded > usable) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s; each executor holds the broadcast"
                    + " weights and %d arrays for each of its %d concurrent tasks: %s, but spark.executor.memory (%s)"
                    + " leaves %s after Spark's reserve of %s; use a smaller network, raise spark.executor.memory,"
                    + " or lower spark.executor.cores", network, TASK_ARRAYS, budget.tasksPerExecutor(),
                    ByteSizes.format(executorNeeded), ByteSizes.format(budget.executorHeap()),
                    ByteSizes.format(Math.max(0, usable)), ByteSizes.format(EXECUTOR_RESERVED_BYTES)));
        }
    }

    /**
     * Checks that a transform's batch, {@code rows} rows of {@code rowFloats} floats held twice (the rows
     * and the network's first activations), fits in the share of one task of the heap it runs in.
     *
     * @throws IllegalArgumentException if it cannot, with the sizes, a batch size that fits, and the other
     *     remedies
     */
    public static void checkBatch(String column, long rowFloats, int rows, Budget budget) {
        long heap = budget.local() ? budget.driverHeap() : budget.executorHeap();
        long share = Math.max(0, heap - EXECUTOR_RESERVED_BYTES) / Math.max(1, budget.tasksPerExecutor());
        long needed = 2L * rows * rowFloats * Float.BYTES;
        if (needed > share) {
            long fits = share / (2L * rowFloats * Float.BYTES);
            throw new IllegalArgumentException(String.format(Locale.ROOT, "transform runs batches of batchSize %,d"
                    + " rows of column \"%s\", %,d floats each (sparse vectors are densified), which take %s, but"
                    + " each of the %d tasks that run at once can hold about %s of %s (%s, less Spark's reserve of"
                    + " %s); %s, reduce the features' width (e.g. fewer hash features: FeatureHasher's numFeatures),"
                    + " or raise %s", rows, column, rowFloats, ByteSizes.format(needed),
                    budget.tasksPerExecutor(), ByteSizes.format(share), ByteSizes.format(heap),
                    budget.local() ? "the driver's heap" : "spark.executor.memory",
                    ByteSizes.format(EXECUTOR_RESERVED_BYTES),
                    fits > 0 ? "lower the model's batchSize, e.g. setBatchSize(" + fits + ")"
                            : "a single row does not fit",
                    budget.local() ? "spark.driver.memory" : "spark.executor.memory"));
        }
    }
}
