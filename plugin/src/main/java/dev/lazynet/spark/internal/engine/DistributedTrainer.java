package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.SparkInternals;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.PackedData;
import dev.lazynet.train.EarlyStopping;
import dev.lazynet.train.Optimizer;
import dev.lazynet.train.Ranges;
import dev.lazynet.train.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.annotation.Private;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed mini-batch loop, on the driver: per epoch, its steps by the fit's
 * {@link EpochStrategy}, then the validation rows, the history and the {@link TrainingListener}s
 * (divergence guard, progress log, checkpoints); with early stopping, until the validation loss has not
 * gone lower for the patience's epochs.
 *
 * <p>Every exact step is a {@link TrainingStep}: each partition computes its share of the step's global
 * mini-batch, the shares are added in a fixed tree order, and the driver updates the weights, as
 * {@link dev.lazynet.train.LocalTrainer} does with the same {@link dev.lazynet.train.BatchSchedule}. Both
 * give the same weights within float rounding; and since no sum depends on task timing, two fits with
 * the same data, partitioning and settings give the same weights bit for bit.
 */
@Private
public final class DistributedTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

    /**
     * What a fit asks of the loop.
     *
     * @param optimizer builds the driver's optimizer, and with {@code localSteps > 1} each partition's
     * @param initializer the initializer's text form, which a divergence's message may name as its cause
     * @param epochs passes over the data (>= 0)
     * @param batchSize rows per global mini-batch
     * @param seed seeds the batch order of each epoch and the tasks' dropout masks
     * @param localSteps 1 for exact synchronous steps; k > 1 for rounds of k steps per partition on its own
     *     rows, after each of which the weights are averaged
     * @param patience epochs without a lower validation loss after which the fit stops and keeps the best
     *     epoch's weights ({@link EarlyStopping}); 0 for none
     */
    public record Settings(OptimizerSettings optimizer, String initializer, int epochs, int batchSize, long seed,
            int localSteps, int patience) {
    }

    private final String name;
    private final NetworkRecipe recipe;
    private final Settings settings;
    private final Checkpoints checkpoints;

    /**
     * @param name names the fit in logs and in the Spark UI, e.g. the estimator's uid
     * @param checkpoints where the fit resumes from and saves to
     */
    public DistributedTrainer(String name, NetworkRecipe recipe, Settings settings, Checkpoints checkpoints) {
        this.name = name;
        this.recipe = recipe;
        this.settings = settings;
        this.checkpoints = checkpoints;
    }

    /**
     * Trains in place: {@code weights} ends as the trained weights (with early stopping, the best
     * epoch's), {@code history} gets one entry per epoch. Jobs run in a job group per fit, described by epoch and step in the Spark UI. A checkpoint of
     * the same configuration is resumed from, and new ones are written as configured. The executors keep a
     * worker per partition between steps; the fit drops them when it ends. One call per trainer.
     *
     * @throws dev.lazynet.spark.TrainingDivergedException if a step stops being finite
     */
    public void train(JavaSparkContext jsc, PackedData data, float[] weights, boolean[] trainable,
            EpochHistory history) {
        SparkContext sc = jsc.sc();
        EngineSettings engine = EngineSettings.read(sc);
        Optimizer optimizer = settings.optimizer().create();
        TrainingStep step = new TrainingStep(optimizer, trainable, settings.optimizer().clipNorm());
        int epochs = settings.epochs();
        FitJobs fit = new FitJobs(jsc, data, name + "-" + UUID.randomUUID(), recipe, new StepPlan.Schedule(
                data.trainCount, settings.seed(), settings.batchSize(), data.trainOffsets, data.trainRows,
                engine.exactSums()));
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new DivergenceGuard(settings.optimizer(), settings.initializer(), checkpoints.hint()));
        listeners.add(new ProgressLog(name, epochs, data.trainCount, history,
                epoch -> settings.optimizer().stepSizeAt(epoch, epochs)));
        EarlyStopping stopping = new EarlyStopping(settings.patience());
        listeners.add(checkpoints.writer(epochs, optimizer, history, stopping));
        TrainingListener all = new Listeners(listeners);
        EpochStrategy strategy = strategy(fit, engine, trainable, step, all);

        int done = checkpoints.resume(weights, optimizer, history, stopping, epochs);
        all.onStart(weights);
        try {
            for (int epoch = done; epoch < epochs && !stopping.shouldStop(); epoch++) {
                long start = System.nanoTime();
                String label = ProgressLog.label(name, epoch, epochs);
                sc.setJobGroup("lazynet-" + name, label, false);
                step.setStepSize(settings.optimizer().stepSizeAt(epoch, epochs));
                double loss = strategy.run(epoch, label, weights) / data.trainWeight;
                PartialSum validation = data.validationCount > 0 ? evaluate(jsc, data, weights) : null;
                history.addEpoch(loss, (System.nanoTime() - start) / 1e9);
                if (validation != null) {
                    double validationLoss = validation.loss / validation.weight;
                    history.addValidation(validationLoss,
                            recipe.classification() ? validation.correct / validation.weight : null);
                    stopping.observe(epoch, validationLoss, weights);
                }
                all.onEpoch(epoch, weights);
            }
            if (stopping.shouldStop()) {
                LOG.info("{}: no lower validation loss in the {} epochs after epoch {}; stopped, keeping its weights",
                        name, settings.patience(), stopping.bestEpoch() + 1);
            }
            stopping.restoreBest(weights);
        } finally {
            release(sc, data, fit.fitId());
        }
    }

    /** The fit's epoch strategy: local steps, one job per epoch (falling back to a job per step), or a job per step. */
    private EpochStrategy strategy(FitJobs fit, EngineSettings engine, boolean[] trainable, TrainingStep step,
            TrainingListener listener) {
        if (engine.exactSums()) {
            refuseWhatExactSumsCannot(trainable);
        }
        if (settings.localSteps() > 1) {
            return new LocalStepsEpochs(fit, settings.optimizer(), settings.localSteps(), settings.epochs(), listener);
        }
        int steps = fit.schedule().steps();
        EpochStrategy.Update update = (epoch, s, total, weights, ranges) -> {
            float[] grad = step.apply(weights, total.values, total.rows, total.weight, ranges);
            listener.onStep(epoch, s, steps, total.loss, grad, weights, ranges);
        };
        JobPerStepEpochs perStep = new JobPerStepEpochs(fit, update);
        if (engine.exactSums() || !engine.epochsAsOneJob() || !SparkInternals.get().oneJobEpochs()) {
            return perStep;
        }
        return new OneJobEpochs(fit, update, perStep, engine.epochStallNanos(), engine.stepLines());
    }

    /**
     * Exact sums add single rows' gradients; local steps and batch normalization need a partition's or a
     * batch's rows together, so the fit stops before its first step and says which setting to change.
     */
    private void refuseWhatExactSumsCannot(boolean[] trainable) {
        if (settings.localSteps() > 1) {
            throw new IllegalArgumentException(EngineSettings.EXACT_SUMS + " is true, but localSteps is "
                    + settings.localSteps() + ": local steps run each partition's own optimizer on its own rows,"
                    + " which no sum can make independent of the partitioning; set localSteps to 1 or "
                    + EngineSettings.EXACT_SUMS + " to false");
        }
        for (boolean t : trainable) {
            if (!t) {
                throw new IllegalArgumentException(EngineSettings.EXACT_SUMS + " is true, but the network has"
                        + " batch normalization, whose batch statistics need the rows of a batch together while"
                        + " exact sums take each row alone; remove the batchnorm layers or set "
                        + EngineSettings.EXACT_SUMS + " to false");
            }
        }
    }

    /** The listeners in order, as one. */
    private record Listeners(List<TrainingListener> all) implements TrainingListener {
        @Override
        public void onStart(float[] weights) {
            for (TrainingListener listener : all) {
                listener.onStart(weights);
            }
        }

        @Override
        public void onStep(int epoch, int step, int steps, double lossSum, float[] grad, float[] weights,
                Ranges ranges) {
            for (int i = 0; i < all.size(); i++) {
                all.get(i).onStep(epoch, step, steps, lossSum, grad, weights, ranges);
            }
        }

        @Override
        public void onEpoch(int epoch, float[] weights) {
            for (TrainingListener listener : all) {
                listener.onEpoch(epoch, weights);
            }
        }
    }

    /**
     * Drops the fit's workers on the executors; best effort, since a worker left behind is dropped after
     * {@link ExecutorWorkers#IDLE_LIMIT_NANOS} anyway, and a fit that failed because Spark stopped must
     * report that failure, not this one.
     */
    private void release(SparkContext sc, PackedData data, String fitId) {
        if (sc.isStopped()) {
            return;
        }
        try {
            sc.setJobDescription(name + ": releasing the executors' workers");
            TreeSum.sum(sc, data.blocks.rdd(), new StepTask.Release(fitId));
        } catch (RuntimeException e) {
            LOG.debug("Could not release the workers of {}", fitId, e);
        }
    }

    private PartialSum evaluate(JavaSparkContext jsc, PackedData data, float[] weights) {
        jsc.sc().setJobDescription(name + ": validation");
        Broadcast<float[]> current = jsc.broadcast(weights.clone());
        try {
            return TreeSum.sum(jsc.sc(), data.blocks.mapPartitions(
                    new EvaluationTask(recipe, current, settings.batchSize())).rdd());
        } finally {
            current.destroy();
        }
    }
}
