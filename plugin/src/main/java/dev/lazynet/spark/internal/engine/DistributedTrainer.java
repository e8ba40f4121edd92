package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.PackedData;
import dev.lazynet.train.Optimizer;
import dev.lazynet.train.TrainingStep;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;
import org.apache.spark.annotation.Private;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.network.util.JavaUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed mini-batch loop, on the driver: per step, send the weights to every partition, let it
 * compute its share of the step's global mini-batch, add the shares in a fixed tree order, and step the
 * optimizer.
 *
 * <p>An epoch runs as one job whose tasks stay up for all its steps and exchange shares and weights with
 * a {@link StepCoordinator} on the driver: a Spark job per step costs several times the step's arithmetic
 * at usual batch sizes (scheduling, task serialization, a broadcast, result handling). When that path
 * stops (a task failed, the tasks could not all run at once), the rest of the epoch runs a job per step:
 * a broadcast of the weights and one {@link StepTask} per partition, the shape of MLlib's iterations.
 *
 * <p>It does what {@link dev.lazynet.train.LocalTrainer} does, with the same {@link dev.lazynet.train.BatchSchedule}, so
 * both give the same weights within float rounding; and since no sum depends on task timing, two fits
 * with the same data, partitioning and settings give the same weights bit for bit.
 */
@Private
public final class DistributedTrainer {

    /**
     * The Spark setting that turns one-job epochs off ({@code false}): every exact step then runs as its
     * own job, as it does after a one-job epoch stops.
     */
    public static final String EPOCHS_AS_ONE_JOB = "spark.lazynet.epochsAsOneJob";

    /** The Spark setting for how long a one-job epoch waits for silent tasks; see {@link #epochStallNanos}. */
    public static final String EPOCH_STALL_TIMEOUT = "spark.lazynet.epochStallTimeout";

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
    /** Set by {@link #train}: the driver's half of every exact step. */
    private TrainingStep update;

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
    public DistributedTrainer(String name, NetworkRecipe recipe, OptimizerSettings optimizer, int epochs, int batchSize,
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
     * Trains in place: {@code weights} ends as the trained weights, {@code history} gets one entry per
     * epoch. Jobs run in a job group per fit, described by epoch and step in the Spark UI. A checkpoint of
     * the same configuration is resumed from, and new ones are written as configured. The executors keep a
     * worker per partition between steps; the fit drops them when it ends. One call per trainer.
     */
    public void train(JavaSparkContext jsc, PackedData data, float[] weights, boolean[] trainable,
            EpochHistory history) {
        SparkContext sc = jsc.sc();
        this.update = new TrainingStep(optimizer, trainable);
        String fit = name + "-" + UUID.randomUUID();
        StepPlan.Schedule schedule = new StepPlan.Schedule(data.trainCount, seed, batchSize, data.trainOffsets,
                data.trainRows);
        int done = checkpoints.resume(weights, optimizer, history, epochs);
        guard.startFrom(weights);
        EpochBlocks layout = oneJobLayout(sc, data);
        try {
            for (int epoch = done; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                String epochText = name + ": epoch " + (epoch + 1) + "/" + epochs;
                sc.setJobGroup("lazynet-" + name, epochText, false);
                double loss = localSteps == 1 ? runEpoch(jsc, data, layout, fit, schedule, epoch, epochText, weights)
                        : runAveragedEpoch(jsc, data, fit, schedule, epoch, epochText, weights);
                PartialSum validation = data.validationCount > 0 ? evaluate(jsc, data, weights) : null;
                double seconds = (System.nanoTime() - start) / 1e9;
                history.addEpoch(loss, seconds);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: loss %.5f, %.0f rows/s",
                        epochText, loss, data.trainCount / seconds));
                if (validation != null) {
                    double validationLoss = validation.loss / validation.rows;
                    Double accuracy = recipe.classification() ? (double) validation.correct / validation.rows : null;
                    history.addValidation(validationLoss, accuracy);
                    line.append(String.format(Locale.ROOT, ", validation loss %.5f", validationLoss));
                    if (accuracy != null) {
                        line.append(String.format(Locale.ROOT, ", validation accuracy %.4f", accuracy));
                    }
                }
                LOG.info("{}", line);
                checkpoints.afterEpoch(epoch + 1, epochs, weights, optimizer, history);
            }
        } finally {
            release(sc, data, fit);
        }
    }

    /**
     * One pass over the data; returns the mean training loss (before each step's update, as usual).
     *
     * <p>With a {@code layout}, the epoch runs as one job ({@link #streamEpoch}); whatever it leaves
     * undone, if anything, runs a job per step, each straight over the cached blocks, one task per
     * partition. Both give the same weights bit for bit.
     */
    private double runEpoch(JavaSparkContext jsc, PackedData data, EpochBlocks layout, String fit,
            StepPlan.Schedule schedule, int epoch, String epochText, float[] weights) {
        SparkContext sc = jsc.sc();
        int steps = schedule.steps();
        int from = 0;
        double lossSum = 0;
        if (layout != null) {
            StepCoordinator coordinator = streamEpoch(sc, layout, fit, schedule, epoch, epochText, weights);
            if (coordinator.outcome() == StepCoordinator.Outcome.FAILED) {
                throw coordinator.failure();
            }
            from = coordinator.completedSteps();
            lossSum = coordinator.lossSum();
            if (from < steps) {
                LOG.warn("{}: left the one-job epoch after {} of {} steps, {}; the rest runs a job per step",
                        epochText, from, steps, coordinator.stopReason());
            }
        }
        for (int step = from; step < steps; step++) {
            sc.setJobDescription(epochText + ", step " + (step + 1) + "/" + steps);
            Broadcast<float[]> current = jsc.broadcast(weights.clone());
            PartialSum total;
            try {
                total = TreeSum.sum(sc, data.blocks.rdd(), new StepTask(fit, recipe, current, schedule, epoch, step));
            } finally {
                current.destroy();
            }
            lossSum += total.loss;
            applyStep(epoch, step, steps, total, weights);
        }
        return lossSum / data.trainCount;
    }

    /**
     * Runs the epoch's steps in one job whose tasks stay up for the whole epoch and exchange shares and
     * weights with a {@link StepCoordinator}, until the epoch is done or the coordinator stops; returns
     * the coordinator, which tells how far it got.
     */
    private StepCoordinator streamEpoch(SparkContext sc, EpochBlocks layout, String fit, StepPlan.Schedule schedule,
            int epoch, String epochText, float[] weights) {
        int steps = schedule.steps();
        String endpoint = "lazynet-steps-" + fit + "-" + epoch;
        StepCoordinator coordinator = new StepCoordinator(layout.partitions(), layout.idle(), steps, weights,
                (step, total) -> applyStep(epoch, step, steps, total, weights), System::nanoTime);
        StepEndpoint open = StepEndpoint.open(endpoint, coordinator);
        try {
            sc.setJobDescription(epochText + ", " + steps + " steps in one job of " + layout.tasks() + " tasks");
            JavaFutureAction<Void> job = layout.blocks().foreachPartitionAsync(
                    new EpochTask(fit, recipe, endpoint, schedule, epoch,
                            layout.tasks() <= Runtime.getRuntime().availableProcessors()));
            await(job, coordinator, layout.stallNanos());
        } finally {
            open.close();
        }
        return coordinator;
    }

    /**
     * Waits for the epoch's job. A job that fails after the coordinator stopped is expected (a task was
     * lost, which is why it stopped); one that fails while the coordinator runs is the fit's failure. A
     * coordinator that stalls is stopped, and its job cancelled.
     */
    private static void await(JavaFutureAction<Void> job, StepCoordinator coordinator, long stallNanos) {
        long poll = Math.max(1, Math.min(TimeUnit.SECONDS.toNanos(1), stallNanos / 4));
        while (true) {
            try {
                job.get(poll, TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException e) {
                if (coordinator.stalled(stallNanos)) {
                    coordinator.stop("no task was heard from for " + TimeUnit.NANOSECONDS.toMillis(stallNanos)
                            + " ms while a step waited for its shares (" + EPOCH_STALL_TIMEOUT + ")");
                    job.cancel(true);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                job.cancel(true);
                throw new IllegalStateException("Interrupted while waiting for an epoch's job", e);
            } catch (ExecutionException e) {
                if (coordinator.outcome() != StepCoordinator.Outcome.RUNNING) {
                    return;
                }
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(cause.getMessage(), cause);
            }
        }
    }

    /**
     * Applies one step's summed shares: the mean gradient to the optimizer, and the mean of the running
     * statistics (which have no gradient) to the weights as they are.
     */
    private void applyStep(int epoch, int step, int steps, PartialSum total, float[] weights) {
        float[] grad = update.apply(weights, total.values, total.rows);
        guard.afterStep(epoch, step, steps, total.loss, grad, weights);
    }

    /**
     * A LazyNet setting: {@code key} as a local property of the calling thread ({@code sc.setLocalProperty}),
     * else in the Spark configuration, else {@code fallback}.
     */
    public static String setting(SparkContext sc, String key, String fallback) {
        String value = sc.getLocalProperty(key);
        return value != null ? value : sc.conf().get(key, fallback);
    }

    /**
     * Whether exact epochs run as one job ({@value #EPOCHS_AS_ONE_JOB}, default {@code true}).
     *
     * @throws IllegalArgumentException if the setting is neither {@code true} nor {@code false}
     */
    public static boolean epochsAsOneJob(SparkContext sc) {
        String value = setting(sc, EPOCHS_AS_ONE_JOB, "true");
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(EPOCHS_AS_ONE_JOB + " is \"" + value + "\", but must be true or false;"
                    + " false runs every step of exact training as its own Spark job");
        }
        return Boolean.parseBoolean(value);
    }

    /**
     * How long a one-job epoch's step may wait without hearing from any task before the rest of the epoch
     * runs a job per step ({@value #EPOCH_STALL_TIMEOUT}, default 60 s): long enough for a task that is
     * computing, short enough for tasks that cannot all get a slot.
     *
     * @throws IllegalArgumentException if the setting is not a positive time such as {@code 60s} or {@code 2m}
     */
    public static long epochStallNanos(SparkContext sc) {
        String value = setting(sc, EPOCH_STALL_TIMEOUT, "60s");
        long millis;
        try {
            millis = JavaUtils.timeStringAsMs(value);
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis <= 0) {
            throw new IllegalArgumentException(EPOCH_STALL_TIMEOUT + " is \"" + value + "\", but must be a positive"
                    + " time such as 60s or 2m");
        }
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** How the fit's epochs read the blocks in one job; {@code null} when they run a job per step. */
    private EpochBlocks oneJobLayout(SparkContext sc, PackedData data) {
        return localSteps > 1 || !epochsAsOneJob(sc) ? null : EpochBlocks.of(sc, data, epochStallNanos(sc));
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
