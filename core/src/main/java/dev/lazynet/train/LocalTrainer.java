package dev.lazynet.train;

import dev.lazynet.nn.Dropout;
import dev.lazynet.nn.Layer;
import dev.lazynet.nn.Sequential;
import dev.lazynet.tensor.Seeds;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Arrays;

/**
 * Mini-batch training in one JVM: for each epoch, the rows in the {@link BatchSchedule} order, one
 * {@link TrainingStep} per batch.
 *
 * <p>It does exactly what the Spark path does, without partitions, so the two give the same weights
 * within float rounding; tests use it as the reference, and it is the right tool for small data. With
 * {@link #exactSums} it sums each batch as Spark does with {@code spark.lazynet.exactSums=true}, and
 * the two give the same weights bit for bit. {@link #withSchedule} and {@link #withValidation} add the
 * Spark path's step size schedule and early stopping, with the same {@link StepSizeSchedule} and
 * {@link EarlyStopping}. Rows may carry weights ({@link #fit(Layer, Tensor, float[], float[])}), as the
 * Spark path's {@code weightCol}: each batch's loss and gradient are then its rows' weighted sums
 * divided by the batch's weight.
 */
public final class LocalTrainer {

    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final double clipNorm;
    private final boolean exact;
    private final StepSizeSchedule schedule;
    private final double baseStepSize;
    private final Validation validation;

    /**
     * Rows held out from training, their weights ({@code null}: each weighs 1), scored after each epoch,
     * and the patience early stopping has.
     */
    private record Validation(Tensor features, float[] targets, float[] weights, int patience) {
    }

    /**
     * @param loss what to minimize
     * @param optimizer how to step
     * @param epochs passes over the data (>= 1)
     * @param batchSize rows per step (>= 1)
     * @param seed seeds the batch order of every epoch
     */
    public LocalTrainer(Loss loss, Optimizer optimizer, int epochs, int batchSize, long seed) {
        this(loss, optimizer, epochs, batchSize, seed, 0);
    }

    /**
     * @param loss what to minimize
     * @param optimizer how to step
     * @param epochs passes over the data (>= 1)
     * @param batchSize rows per step (>= 1)
     * @param seed seeds the batch order of every epoch
     * @param clipNorm the largest L2 norm of each step's mean gradient (>= 0; 0: no clipping), as
     *     {@link TrainingStep} clips it
     */
    public LocalTrainer(Loss loss, Optimizer optimizer, int epochs, int batchSize, long seed, double clipNorm) {
        this(loss, optimizer, epochs, batchSize, seed, clipNorm, false, StepSizeSchedule.CONSTANT,
                optimizer.stepSize(), null);
    }

    private LocalTrainer(Loss loss, Optimizer optimizer, int epochs, int batchSize, long seed, double clipNorm,
            boolean exact, StepSizeSchedule schedule, double baseStepSize, Validation validation) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, but was " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, but was " + batchSize);
        }
        this.loss = loss;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
        this.clipNorm = clipNorm;
        this.exact = exact;
        this.schedule = schedule;
        this.baseStepSize = baseStepSize;
        this.validation = validation;
        schedule.requireUsable(baseStepSize, epochs);
    }

    /**
     * This trainer summing each batch row by row in a {@link RankTree} over the rows' global order, each
     * row's dropout masks seeded from its global index: the sum that does not depend on how rows are split
     * among workers. Batch normalization cannot be trained so ({@link BatchGradient#accumulateRows}).
     */
    public LocalTrainer exactSums() {
        return new LocalTrainer(loss, optimizer, epochs, batchSize, seed, clipNorm, true, schedule, baseStepSize, validation);
    }

    /**
     * This trainer with the optimizer's step size, as it was when this trainer was made, scaled per epoch by {@code schedule}, as
     * the Spark path does with the {@code stepSizeSchedule} Param.
     *
     * @throws IllegalArgumentException if the schedule gives an epoch a step size that is not a positive
     *     finite float32
     */
    public LocalTrainer withSchedule(StepSizeSchedule schedule) {
        return new LocalTrainer(loss, optimizer, epochs, batchSize, seed, clipNorm, exact, schedule, baseStepSize,
                validation);
    }

    /**
     * This trainer scoring {@code features} and {@code targets} after each epoch, as the Spark path scores
     * its validation rows, into the history's validation losses; with {@code patience > 0} it stops after
     * that many epochs without a lower validation loss and leaves the network with the best epoch's weights
     * ({@link EarlyStopping}).
     *
     * @param features {@code (rows, …)}, the validation rows, at least one
     * @param targets their targets, as {@link #fit} takes them
     * @param patience epochs without a lower validation loss before stopping; 0: never stop early
     * @throws IllegalArgumentException if there are no validation rows or the patience is negative
     */
    public LocalTrainer withValidation(Tensor features, float[] targets, int patience) {
        return withValidation(features, targets, null, patience);
    }

    /**
     * As {@link #withValidation(Tensor, float[], int)}, the validation loss being the weighted mean over the
     * validation rows, as the Spark path's is with {@code weightCol}.
     *
     * @param weights one finite weight >= 0 per validation row, or {@code null}: each weighs 1
     * @throws IllegalArgumentException if there are no validation rows, the patience is negative, or the
     *     weights are not one finite number >= 0 per row, or are all 0
     */
    public LocalTrainer withValidation(Tensor features, float[] targets, float[] weights, int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("The early stopping patience must be >= 0 (0: off), but was "
                    + patience);
        }
        if (features.shape().dim(0) == 0) {
            throw new IllegalArgumentException("No validation rows: early stopping and validation losses need at"
                    + " least one");
        }
        requireWeights(weights, features.shape().dim(0));
        if (totalWeight(weights, features.shape().dim(0)) == 0) {
            throw new IllegalArgumentException("Every validation row has weight 0, so the validation loss, a mean"
                    + " weighted by them, is not defined; give some validation rows a positive weight");
        }
        return new LocalTrainer(loss, optimizer, epochs, batchSize, seed, clipNorm, exact, schedule, baseStepSize,
                new Validation(features, targets, weights, patience));
    }

    /**
     * Trains {@code network} in place.
     *
     * @param network an initialized network, or one with a registered initializer (it is initialized
     *     from the data's shape)
     * @param features {@code (rows, …)}: the first dimension is the row
     * @param targets {@code rows · loss.targetWidth(outputs)} floats
     * @return the loss and time per epoch
     */
    public TrainingHistory fit(Layer network, Tensor features, float[] targets) {
        return fit(network, features, targets, null);
    }

    /**
     * Trains {@code network} in place on weighted rows: a row of weight {@code w} counts as the row given
     * {@code w} times, and each batch's gradient is its weighted sum divided by the batch's weight; a batch
     * whose weights sum to 0 makes no step. The history's losses are weighted means.
     *
     * @param weights one finite weight >= 0 per row, not all 0, or {@code null}: each row weighs 1
     * @throws IllegalArgumentException if the weights are not one finite number >= 0 per row, or all 0
     */
    public TrainingHistory fit(Layer network, Tensor features, float[] targets, float[] weights) {
        // The worker turns buffer reuse on for its batches; the caller's network gets its setting back,
        // so forward results it takes afterwards stay independent as before.
        boolean reuse = network.reusesBuffers();
        try {
            return train(network, features, targets, weights);
        } finally {
            network.setReuseBuffers(reuse);
        }
    }

    /** Refuses weights that are not one finite number >= 0 per row, naming the first bad one. */
    private static void requireWeights(float[] weights, int rows) {
        if (weights == null) {
            return;
        }
        if (weights.length != rows) {
            throw new IllegalArgumentException("There are " + rows + " rows but " + weights.length + " weights;"
                    + " expected one per row");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Float.isInfinite(weights[i])) {
                throw new IllegalArgumentException("Row " + i + " has weight " + weights[i] + ", but weights must be"
                        + " finite numbers >= 0");
            }
        }
    }

    private TrainingHistory train(Layer network, Tensor features, float[] targets, float[] rowWeights) {
        int n = features.shape().dim(0);
        if (n == 0) {
            throw new IllegalArgumentException("No rows to train on");
        }
        requireWeights(rowWeights, n);
        double totalWeight = totalWeight(rowWeights, n);
        if (totalWeight == 0) {
            throw new IllegalArgumentException("Every one of the " + n + " rows has weight 0, so there is nothing"
                    + " to train on; give some rows a positive weight");
        }
        Shape sample = features.shape().dropFirst();
        BatchGradient worker = new BatchGradient(network, loss, sample);
        if (targets.length != (long) n * worker.targetWidth()) {
            throw new IllegalArgumentException("There are " + n + " rows but " + targets.length + " target values;"
                    + " expected " + worker.targetWidth() + " per row");
        }
        float[] weights = worker.layout().values();
        TrainingStep step = new TrainingStep(optimizer, worker.layout().trainableMask(), clipNorm);
        float[] sums = new float[weights.length];
        TrainingHistory history = new TrainingHistory();
        EarlyStopping stopping = new EarlyStopping(validation == null ? 0 : validation.patience());
        for (int epoch = 0; epoch < epochs && !stopping.shouldStop(); epoch++) {
            long start = System.nanoTime();
            optimizer.setStepSize(schedule.stepSize(baseStepSize, epoch, epochs));
            int[] order = BatchSchedule.permutation(n, seed, epoch);
            double lossSum = 0;
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                if (exact) {
                    lossSum += exactShare(network, worker, weights, features.data(), targets, rowWeights, order,
                            from, to, epoch, sums);
                } else {
                    lossSum += TrainingStep.share(worker, weights, features.data(), targets, rowWeights, order, from,
                            to, sums);
                }
                step.apply(weights, sums, to - from, TrainingStep.weightOf(rowWeights, order, from, to));
            }
            history.addEpoch(lossSum / totalWeight, (System.nanoTime() - start) / 1e9);
            if (validation != null) {
                worker.setWeights(weights);
                double validationLoss = validationLoss(worker);
                history.addValidation(validationLoss);
                stopping.observe(epoch, validationLoss, weights);
            }
        }
        stopping.restoreBest(weights);
        worker.setWeights(weights);
        return history;
    }

    /**
     * The mean loss over the validation rows, weighted if they are, in inference mode, in batches of the
     * batch size, as Spark scores them.
     */
    private double validationLoss(BatchGradient worker) {
        int rows = validation.features().shape().dim(0);
        double sum = 0;
        for (int first = 0; first < rows; first += batchSize) {
            int count = Math.min(batchSize, rows - first);
            Tensor out = worker.predict(validation.features().data(), first, count);
            sum += loss.sum(out, validation.targets(), first * worker.targetWidth(), validation.weights(), first);
        }
        return sum / totalWeight(validation.weights(), rows);
    }

    /** The number of rows, or with weights their sum. */
    private static double totalWeight(float[] weights, int rows) {
        if (weights == null) {
            return rows;
        }
        double sum = 0;
        for (float w : weights) {
            sum += w;
        }
        return sum;
    }

    /** The batch {@code order[from..to)} summed in rank order into {@code sums}; returns its loss sum. */
    private double exactShare(Layer network, BatchGradient worker, float[] weights, float[] features,
            float[] targets, float[] rowWeights, int[] order, int from, int to, int epoch, float[] sums) {
        int[] ranked = Arrays.copyOfRange(order, from, to);
        Arrays.sort(ranked);
        RankTree tree = new RankTree(ranked.length);
        worker.setWeights(weights);
        double loss = worker.accumulateRows(features, targets, rowWeights, ranked, 0, ranked.length, 0, tree,
                row -> seedDropout(network, Seeds.mix(seed, epoch, row)));
        System.arraycopy(tree.result(), 0, sums, 0, sums.length);
        return loss;
    }

    /** Restarts the masks of every dropout layer of {@code network}, a sequence or a layer, from {@code rowSeed}. */
    private static void seedDropout(Layer network, long rowSeed) {
        if (network instanceof Dropout dropout) {
            dropout.seed(rowSeed);
        } else if (network instanceof Sequential sequence) {
            for (int i = 0; i < sequence.size(); i++) {
                seedDropout(sequence.get(i), rowSeed);
            }
        }
    }
}
