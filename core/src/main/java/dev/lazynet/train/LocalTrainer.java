package dev.lazynet.train;

import dev.lazynet.nn.Layer;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;

/**
 * Mini-batch training in one JVM: for each epoch, the rows in the {@link BatchSchedule} order, one
 * {@link TrainingStep} per batch.
 *
 * <p>It does exactly what the Spark path does, without partitions, so the two give the same weights
 * within float rounding; tests use it as the reference, and it is the right tool for small data.
 */
public final class LocalTrainer {

    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final double clipNorm;

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
        // The worker turns buffer reuse on for its batches; the caller's network gets its setting back,
        // so forward results it takes afterwards stay independent as before.
        boolean reuse = network.reusesBuffers();
        try {
            return train(network, features, targets);
        } finally {
            network.setReuseBuffers(reuse);
        }
    }

    private TrainingHistory train(Layer network, Tensor features, float[] targets) {
        int n = features.shape().dim(0);
        if (n == 0) {
            throw new IllegalArgumentException("No rows to train on");
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
        for (int epoch = 0; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            int[] order = BatchSchedule.permutation(n, seed, epoch);
            double lossSum = 0;
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                lossSum += TrainingStep.share(worker, weights, features.data(), targets, order, from, to, sums);
                step.apply(weights, sums, to - from);
            }
            history.addEpoch(lossSum / n, (System.nanoTime() - start) / 1e9);
        }
        worker.setWeights(weights);
        return history;
    }
}
