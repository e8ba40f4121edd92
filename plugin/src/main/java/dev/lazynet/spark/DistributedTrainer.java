package dev.lazynet.spark;

import dev.lazynet.train.Optimizer;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed mini-batch loop, on the driver: per step, broadcast the weights, let every partition
 * compute its share of the step's global mini-batch, add the shares in a fixed tree order, and step the
 * optimizer.
 *
 * <p>It does what {@link dev.lazynet.train.LocalTrainer} does, with the same {@link dev.lazynet.train.BatchSchedule}, so
 * both give the same weights within float rounding; and since no sum depends on task timing, two fits
 * with the same data, partitioning and settings give the same weights bit for bit.
 */
final class DistributedTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

    private final String name;
    private final NetworkRecipe recipe;
    private final OptimizerSettings optimizerSettings;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final int localSteps;
    private final Checkpoints checkpoints;
    private final DivergenceGuard guard;

    /**
     * @param name names the fit in logs and in the Spark UI, e.g. the estimator's uid
     * @param optimizer builds the driver's optimizer, and with {@code localSteps > 1} each partition's
     * @param epochs passes over the data (>= 0)
     * @param batchSize rows per global mini-batch
     * @param seed seeds the batch order of each epoch
     * @param localSteps 1 for exact synchronous steps; k > 1 for rounds of k steps per partition on its own
     *     rows, after each of which the weights are averaged
     * @param checkpoints where the fit resumes from and saves to
     * @param guard stops the fit when a step stops being finite
     */
    DistributedTrainer(String name, NetworkRecipe recipe, OptimizerSettings optimizer, int epochs, int batchSize,
            long seed, int localSteps, Checkpoints checkpoints, DivergenceGuard guard) {
        this.name = name;
        this.recipe = recipe;
        this.optimizerSettings = optimizer;
        this.optimizer = optimizer.create();
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
        this.localSteps = localSteps;
        this.checkpoints = checkpoints;
        this.guard = guard;
    }

    /**
     * Trains in place: {@code weights} ends as the trained weights, {@code summary} gets one entry per
     * epoch. Jobs run in a job group per fit, described by epoch and step in the Spark UI. A checkpoint of
     * the same configuration is resumed from, and new ones are written as configured. The executors keep a
     * worker per partition between steps; the fit drops them when it ends.
     */
    void train(JavaSparkContext jsc, PackedData data, float[] weights, boolean[] trainable,
            LazyNetTrainingSummary summary) {
        SparkContext sc = jsc.sc();
        String fit = name + "-" + UUID.randomUUID();
        StepPlan.Schedule schedule = new StepPlan.Schedule(data.trainCount, seed, batchSize, data.trainOffsets,
                data.trainRows);
        float[] grad = new float[weights.length];
        int done = checkpoints.resume(weights, optimizer, summary, epochs);
        guard.startFrom(weights);
        try {
            for (int epoch = done; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                String epochText = name + ": epoch " + (epoch + 1) + "/" + epochs;
                sc.setJobGroup("lazynet-" + name, epochText, false);
                double loss = localSteps == 1 ? runEpoch(jsc, data, fit, schedule, epoch, epochText, weights, grad,
                        trainable) : runAveragedEpoch(jsc, data, fit, schedule, epoch, epochText, weights);
                PartialSum validation = data.validationCount > 0 ? evaluate(jsc, data, weights) : null;
                double seconds = (System.nanoTime() - start) / 1e9;
                summary.addEpoch(loss, seconds);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: loss %.5f, %.0f rows/s",
                        epochText, loss, data.trainCount / seconds));
                if (validation != null) {
                    double validationLoss = validation.loss / validation.rows;
                    Double accuracy = recipe.classification() ? (double) validation.correct / validation.rows : null;
                    summary.addValidation(validationLoss, accuracy);
                    line.append(String.format(Locale.ROOT, ", validation loss %.5f", validationLoss));
                    if (accuracy != null) {
                        line.append(String.format(Locale.ROOT, ", validation accuracy %.4f", accuracy));
                    }
                }
                LOG.info("{}", line);
                checkpoints.afterEpoch(epoch + 1, epochs, weights, optimizer, summary);
            }
        } finally {
            release(sc, data, fit);
        }
    }

    /**
     * One pass over the data; returns the mean training loss (before each step's update, as usual).
     * Each step is one job straight over the cached blocks, one task per partition.
     */
    private double runEpoch(JavaSparkContext jsc, PackedData data, String fit, StepPlan.Schedule schedule, int epoch,
            String epochText, float[] weights, float[] grad, boolean[] trainable) {
        SparkContext sc = jsc.sc();
        int steps = schedule.steps();
        double lossSum = 0;
        for (int step = 0; step < steps; step++) {
            sc.setJobDescription(epochText + ", step " + (step + 1) + "/" + steps);
            Broadcast<float[]> current = jsc.broadcast(weights.clone());
            PartialSum total;
            try {
                total = TreeSum.sum(sc, data.blocks.rdd(), new StepTask(fit, recipe, current, schedule, epoch, step));
            } finally {
                current.destroy();
            }
            lossSum += total.loss;
            float scale = 1f / total.rows;
            for (int i = 0; i < grad.length; i++) {
                if (trainable[i]) {
                    grad[i] = total.values[i] * scale;
                } else {
                    weights[i] = total.values[i] * scale;
                    grad[i] = 0f;
                }
            }
            optimizer.step(weights, grad, trainable);
            guard.afterStep(epoch, step, steps, total.loss, grad, weights);
        }
        return lossSum / data.trainCount;
    }

    /**
     * One pass in rounds of {@link #localSteps} steps: in each, every partition runs the round's steps on
     * its own rows with its own optimizer, and the weights become the row-weighted mean of theirs. Returns
     * the mean training loss, each step's taken before its update.
     */
    private double runAveragedEpoch(JavaSparkContext jsc, PackedData data, String fit, StepPlan.Schedule schedule,
            int epoch, String epochText, float[] weights) {
        SparkContext sc = jsc.sc();
        int steps = schedule.steps();
        double lossSum = 0;
        for (int first = 0; first < steps; first += localSteps) {
            int last = Math.min(steps, first + localSteps);
            sc.setJobDescription(epochText + ", local steps " + (first + 1) + "-" + last + "/" + steps);
            Broadcast<float[]> current = jsc.broadcast(weights.clone());
            PartialSum total;
            try {
                total = TreeSum.sum(sc, data.blocks.rdd(), new LocalStepsTask(fit, recipe, optimizerSettings, current,
                        schedule, epoch, first, last));
            } finally {
                current.destroy();
            }
            lossSum += total.loss;
            float scale = 1f / total.rows;
            for (int i = 0; i < weights.length; i++) {
                weights[i] = total.values[i] * scale;
            }
            guard.afterStep(epoch, last - 1, steps, total.loss, weights, weights);
        }
        return lossSum / data.trainCount;
    }

    /**
     * Drops the fit's workers on the executors; best effort, since a worker left behind is dropped after
     * {@link ExecutorWorkers#IDLE_LIMIT_NANOS} anyway, and a fit that failed because Spark stopped must
     * report that failure, not this one.
     */
    private void release(SparkContext sc, PackedData data, String fit) {
        if (sc.isStopped()) {
            return;
        }
        try {
            sc.setJobDescription(name + ": releasing the executors' workers");
            TreeSum.sum(sc, data.blocks.rdd(), new StepTask.Release(fit));
        } catch (RuntimeException e) {
            LOG.debug("Could not release the workers of {}", fit, e);
        }
    }

    private PartialSum evaluate(JavaSparkContext jsc, PackedData data, float[] weights) {
        jsc.sc().setJobDescription(name + ": validation");
        Broadcast<float[]> current = jsc.broadcast(weights.clone());
        try {
            return TreeSum.sum(jsc.sc(), data.blocks.mapPartitions(
                    new EvaluationTask(recipe, current, batchSize)).rdd());
        } finally {
            current.destroy();
        }
    }
}
