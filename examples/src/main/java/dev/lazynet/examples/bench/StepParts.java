package dev.lazynet.examples.bench;

import dev.lazynet.examples.data.LabeledImages;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.train.BatchGradient;
import dev.lazynet.train.Optimizer;
import dev.lazynet.train.SoftmaxCrossEntropy;
import dev.lazynet.train.TrainingStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The two computations of an exact training step, each timed alone on one thread, outside any fit: one
 * task's share of a mini-batch, and the driver's update once every share is in. A step's wall time less
 * these two is what the step spends exchanging shares and weights with the driver and waiting for the
 * slower task; measuring the parts apart keeps every listener and probe off the timed fit, whose tasks
 * wait for each other at every step and so suffer from any thread that takes a core.
 *
 * <p>The tasks of a step compute their shares at the same time, one per core, and share the cores'
 * caches and memory bandwidth, so a share computed beside the others takes longer than alone. The share
 * is also timed that way, every task on its own thread at once, which splits "the rest" of a step into
 * that slow-down and what is left for the exchange itself.
 *
 * @param taskBatch rows of one task's share of a step
 * @param partitions shares the driver adds per step
 * @param taskSeconds one task's share: set the weights, clear the sum, forward and backward
 * @param togetherSeconds the same share while {@code partitions - 1} others are computed beside it, each
 *     on its own thread, as a step's tasks run: the slowest thread's seconds per share
 * @param driverSeconds the driver's update: add the shares, take their mean, one Adam step
 * @param parameters floats of the network's flat weights
 */
record StepParts(int taskBatch, int partitions, double taskSeconds, double togetherSeconds, double driverSeconds,
        int parameters) {

    /**
     * Times both parts on {@code images}, each warmed up and sized by {@link KernelBenchmark}, and takes the
     * median of {@code repetitions}.
     */
    static StepParts measure(LabeledImages images, int taskBatch, int partitions, int repetitions)
            throws Exception {
        Sequential initialized = NetworkSpec.parse(Benchmark.SPEC);
        initialized.inferShape(Shape.of(Shape.UNKNOWN, images.pixelsPerImage()));
        initialized.initialize(Initializers.xavier(), false, Benchmark.SEED);
        float[] weights = FlatParameters.of(initialized).values();

        TaskShare task = new TaskShare(images, weights, taskBatch, 0);
        int calls = KernelBenchmark.callsPerRepetition(task);
        double[] taskSeconds = timed(task, calls, repetitions);
        double[] togetherSeconds = together(images, weights, taskBatch, partitions, calls, repetitions);

        float[][] shares = new float[partitions][];
        for (int p = 0; p < partitions; p++) {
            shares[p] = task.sum.clone();
        }
        DriverUpdate driver = new DriverUpdate(shares, weights, task.gradient.layout().trainableMask(),
                (long) taskBatch * partitions);
        double[] driverSeconds = timed(driver, KernelBenchmark.callsPerRepetition(driver), repetitions);
        return new StepParts(taskBatch, partitions, KernelBenchmark.median(taskSeconds),
                KernelBenchmark.median(togetherSeconds), KernelBenchmark.median(driverSeconds), weights.length);
    }

    /**
     * Each repetition runs {@code partitions} tasks' shares at once, each on its own thread and its own
     * rows, and gives the slowest thread's seconds per share.
     */
    private static double[] together(LabeledImages images, float[] weights, int taskBatch, int partitions,
            int calls, int repetitions) throws Exception {
        List<TaskShare> tasks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            TaskShare task = new TaskShare(images, weights, taskBatch, images.count() / partitions * p);
            KernelBenchmark.callsPerRepetition(task);
            tasks.add(task);
        }
        double[][] seconds = KernelBenchmark.secondsPerCallTogether(tasks, calls, repetitions);
        return Arrays.stream(seconds).mapToDouble(r -> Arrays.stream(r).max().orElseThrow()).toArray();
    }

    private static double[] timed(Runnable step, int calls, int repetitions) {
        double[] seconds = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            seconds[r] = KernelBenchmark.secondsPerCall(step, calls);
        }
        return seconds;
    }

    /**
     * What an executor's task does for its share of a step (the plugin's {@code PartitionWorker.step}),
     * on the next {@code taskBatch} rows of a fixed shuffle of the images, so that the rows are gathered
     * from all over the data as in training. It starts at position {@code first} of the shuffle, so that
     * tasks timed together read different rows, as a step's tasks do.
     */
    private static final class TaskShare implements Runnable {
        private final Sequential network = NetworkSpec.parse(Benchmark.SPEC);
        private final BatchGradient gradient;
        private final float[] features;
        private final float[] targets;
        private final int[] order;
        private final float[] weights;
        private final float[] sum;
        private final int taskBatch;
        private int next;

        TaskShare(LabeledImages images, float[] weights, int taskBatch, int first) {
            this.gradient = new BatchGradient(network, new SoftmaxCrossEntropy(),
                    Shape.of(images.pixelsPerImage()));
            this.features = images.pixels();
            this.targets = new float[images.count()];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = images.labels()[i];
            }
            this.order = shuffled(images.count());
            this.weights = weights;
            this.sum = new float[gradient.layout().size()];
            this.taskBatch = Math.min(taskBatch, images.count());
            this.next = first;
        }

        @Override
        public void run() {
            if (next + taskBatch > order.length) {
                next = 0;
            }
            TrainingStep.share(gradient, weights, features, targets, order, next, next + taskBatch, sum);
            next += taskBatch;
        }

        private static int[] shuffled(int n) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Random random = new Random(Benchmark.SEED);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            return order;
        }
    }

    /**
     * What the driver does once a step's shares are in: adds them, turns the sum into the mean gradient,
     * and steps Adam. The coordinator adds into the first share's array; this adds into its own, with the
     * same reads and writes, so that every call adds the same shares.
     */
    private static final class DriverUpdate implements Runnable {
        private final float[][] shares;
        private final float[] total;
        private final float[] weights;
        private final long rows;
        private final TrainingStep update;

        DriverUpdate(float[][] shares, float[] weights, boolean[] trainable, long rows) {
            this.shares = shares;
            this.total = new float[weights.length];
            this.weights = weights.clone();
            this.rows = rows;
            this.update = new TrainingStep(Optimizer.create("adam", Benchmark.STEP_SIZE, 0), trainable);
        }

        @Override
        public void run() {
            float[] sum = shares[0];
            if (shares.length > 1) {
                float[] second = shares[1];
                for (int i = 0; i < total.length; i++) {
                    total[i] = sum[i] + second[i];
                }
                for (int p = 2; p < shares.length; p++) {
                    float[] share = shares[p];
                    for (int i = 0; i < total.length; i++) {
                        total[i] += share[i];
                    }
                }
                sum = total;
            }
            update.apply(weights, sum, rows);
        }
    }
}
