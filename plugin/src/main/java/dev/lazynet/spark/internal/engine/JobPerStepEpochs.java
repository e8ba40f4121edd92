package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.Ranges;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Each exact step as its own Spark job straight over the cached blocks, the shape of MLlib's iterations:
 * a broadcast of the weights, one {@link StepTask} per partition, and the shares summed in
 * {@link TreeSum}'s fixed order.
 */
final class JobPerStepEpochs implements EpochStrategy {

    private final FitJobs fit;
    private final Update update;

    JobPerStepEpochs(FitJobs fit, Update update) {
        this.fit = fit;
        this.update = update;
    }

    @Override
    public double run(int epoch, String label, float[] weights) {
        return runFrom(epoch, 0, label, weights);
    }

    /** Runs the steps of {@code epoch} from {@code first} on; returns their loss sum. */
    double runFrom(int epoch, int first, String label, float[] weights) {
        SparkContext sc = fit.jsc().sc();
        int steps = fit.schedule().steps();
        double lossSum = 0;
        for (int step = first; step < steps; step++) {
            sc.setJobDescription(label + ", step " + (step + 1) + "/" + steps);
            Broadcast<float[]> current = fit.jsc().broadcast(weights.clone());
            PartialSum total;
            try {
                total = TreeSum.sum(sc, fit.data().blocks.rdd(), new StepTask(fit.fitId(), fit.recipe(), current,
                        fit.schedule(), epoch, step));
            } finally {
                current.destroy();
            }
            lossSum += total.loss;
            update.apply(epoch, step, total, weights, Ranges.SEQUENTIAL);
        }
        return lossSum;
    }
}
