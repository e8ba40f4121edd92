package dev.lazynet.spark;

import dev.lazynet.train.BatchSchedule;
import dev.lazynet.train.Optimizer;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed mini-batch loop, on the driver: per step, broadcast the weights, let every partition
 * compute its share of the step's global mini-batch, add the shares in a fixed tree order, and step the
 * optimizer.
 *
 * <p>It does what {@link dev.lazynet.train.LocalTrainer} does, with the same {@link BatchSchedule}, so
 * both give the same weights within float rounding; and since no sum depends on task timing, two fits
 * with the same data, partitioning and settings give the same weights bit for bit.
 */
final class DistributedTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

    private final String name;
    private final NetworkRecipe recipe;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final Checkpoints checkpoints;
    private final DivergenceGuard guard;

    /**
     * @param name names the fit in logs and in the Spark UI, e.g. the estimator's uid
     * @param epochs passes over the data (>= 0)
     * @param batchSize rows per global mini-batch
     * @param seed seeds the batch order of each epoch
     * @param checkpoints where the fit resumes from and saves to
     * @param guard stops the fit when a step stops being finite
     */
    DistributedTrainer(String name, NetworkRecipe recipe, Optimizer optimizer, int epochs, int batchSize, long seed,
            Checkpoints checkpoints, DivergenceGuard guard) {
        this.name = name;
        this.recipe = recipe;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
        this.checkpoints = checkpoints;
        this.guard = guard;
    }

    /**
     * Trains in place: {@code weights} ends as the trained weights, {@code summary} gets one entry per
     * epoch. Jobs run in a job group per fit, described by epoch and step in the Spark UI. A checkpoint of
     * the same configuration is resumed from, and new ones are written as configured.
     */
    void train(JavaSparkContext jsc, PackedData data, float[] weights, boolean[] trainable,
            LazyNetTrainingSummary summary) {
        SparkContext sc = jsc.sc();
        int done = checkpoints.resume(weights, optimizer, summary, epochs);
        guard.startFrom(weights);
        for (int epoch = done; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            String epochText = name + ": epoch " + (epoch + 1) + "/" + epochs;
            sc.setJobGroup("lazynet-" + name, epochText, false);
            double loss = runEpoch(jsc, data, epoch, epochText, weights, trainable);
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
    }

    /** One pass over the data; returns the mean training loss (before each step's update, as usual). */
    private double runEpoch(JavaSparkContext jsc, PackedData data, int epoch, String epochText, float[] weights,
            boolean[] trainable) {
        int steps = BatchSchedule.batchesPerEpoch(data.trainCount, batchSize);
        JavaRDD<StepPlan> plans = data.blocks
                .mapPartitionsWithIndex(planner(data, seed, epoch, batchSize), true)
                .setName("LazyNet step plans, epoch " + (epoch + 1))
                .persist(StorageLevel.MEMORY_AND_DISK());
        float[] grad = new float[weights.length];
        double lossSum = 0;
        try {
            for (int step = 0; step < steps; step++) {
                jsc.sc().setJobDescription(epochText + ", step " + (step + 1) + "/" + steps);
                Broadcast<float[]> current = jsc.broadcast(weights.clone());
                PartialSum total;
                try {
                    total = TreeSum.sum(jsc.sc(), data.blocks.zipPartitions(plans,
                            new StepTask(recipe, current, seed, epoch, step)).rdd());
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
        } finally {
            plans.unpersist(false);
        }
        return lossSum / data.trainCount;
    }

    /** Each partition's plan for one epoch, computed where its block lives. */
    private static Function2<Integer, Iterator<PackedPartition>, Iterator<StepPlan>> planner(PackedData data,
            long seed, int epoch, int batchSize) {
        int n = data.trainCount;
        int[] offsets = data.trainOffsets;
        int[] counts = data.trainRows;
        return (partition, blocks) -> List.of(StepPlan.of(n, seed, epoch, batchSize, offsets[partition],
                counts[partition])).iterator();
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
