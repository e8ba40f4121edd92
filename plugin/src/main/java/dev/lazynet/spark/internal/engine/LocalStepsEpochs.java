package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.Ranges;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * An epoch in rounds of {@code localSteps} steps: in each, every partition runs the round's steps on its
 * own rows with its own optimizer ({@link LocalStepsTask}), and the weights become the row-weighted mean
 * of theirs.
 */
final class LocalStepsEpochs implements EpochStrategy {

    private final FitJobs fit;
    private final OptimizerSettings optimizer;
    private final int localSteps;
    private final int epochs;
    private final TrainingListener listener;

    /**
     * @param optimizer builds each partition's optimizer
     * @param localSteps steps per round (> 1)
     * @param epochs the fit's epochs, which a cosine step size schedule spans
     * @param listener hears of every round as of its last step
     */
    LocalStepsEpochs(FitJobs fit, OptimizerSettings optimizer, int localSteps, int epochs, TrainingListener listener) {
        this.fit = fit;
        this.optimizer = optimizer;
        this.localSteps = localSteps;
        this.epochs = epochs;
        this.listener = listener;
    }

    @Override
    public double run(int epoch, String label, float[] weights) {
        SparkContext sc = fit.jsc().sc();
        int steps = fit.schedule().steps();
        OptimizerSettings epochOptimizer = optimizer.atEpoch(epoch, epochs);
        double lossSum = 0;
        for (int first = 0; first < steps; first += localSteps) {
            int last = Math.min(steps, first + localSteps);
            sc.setJobDescription(label + ", local steps " + (first + 1) + "-" + last + "/" + steps);
            Broadcast<float[]> current = fit.jsc().broadcast(weights.clone());
            PartialSum total;
            try {
                total = TreeSum.sum(sc, fit.data().blocks.rdd(), new LocalStepsTask(fit.fitId(), fit.recipe(),
                        epochOptimizer, current, fit.schedule(), epoch, first, last));
            } finally {
                current.destroy();
            }
            lossSum += total.loss;
            if (total.weight > 0) {
                float scale = 1f / (float) total.weight;
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = total.values[i] * scale;
                }
            }
            listener.onStep(epoch, last - 1, steps, total.loss, weights, weights, Ranges.SEQUENTIAL);
        }
        return lossSum;
    }
}
