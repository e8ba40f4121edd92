package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.Ranges;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a line per epoch: the training loss, the rows per second, the epoch's step size and, with validation rows, their metrics;
 * and, at debug level, a line per step, which tests and operators can follow a fit's progress by.
 */
final class ProgressLog implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private final String name;
    private final int epochs;
    private final long rows;
    private final EpochHistory history;
    private final IntToDoubleFunction stepSizes;

    /**
     * @param name names the fit in the log
     * @param rows the training rows of one epoch
     * @param stepSizes the step size of each epoch, counted from 0
     */
    ProgressLog(String name, int epochs, long rows, EpochHistory history, IntToDoubleFunction stepSizes) {
        this.name = name;
        this.epochs = epochs;
        this.rows = rows;
        this.history = history;
        this.stepSizes = stepSizes;
    }

    @Override
    public void onStep(int epoch, int step, int steps, double lossSum, float[] grad, float[] weights,
            Ranges ranges) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}, step {}/{} done", label(name, epoch, epochs), step + 1, steps);
        }
    }

    @Override
    public void onEpoch(int epoch, float[] weights) {
        int last = history.loss().size() - 1;
        double seconds = history.seconds().get(last);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: loss %.5f, %.0f rows/s, step size %.4g",
                label(name, epoch, epochs), history.loss().get(last), rows / seconds, stepSizes.applyAsDouble(epoch)));
        List<Double> validation = history.validationLoss();
        if (validation.size() == last + 1) {
            line.append(String.format(Locale.ROOT, ", validation loss %.5f", validation.get(last)));
            List<Double> accuracy = history.validationAccuracy();
            if (accuracy.size() == last + 1) {
                line.append(String.format(Locale.ROOT, ", validation accuracy %.4f", accuracy.get(last)));
            }
        }
        LOG.info("{}", line);
    }

    /** How an epoch is named in logs and in the Spark UI, e.g. "uid: epoch 3/10". */
    static String label(String name, int epoch, int epochs) {
        return name + ": epoch " + (epoch + 1) + "/" + epochs;
    }
}
