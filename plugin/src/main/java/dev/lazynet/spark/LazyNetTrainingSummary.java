package dev.lazynet.spark;

import dev.lazynet.spark.internal.engine.EpochHistory;
import dev.lazynet.tensor.Shape;
import java.io.Serializable;
import java.util.List;

/**
 * What a fit recorded: the mean training loss, time and validation metrics of each epoch, how many
 * rows were used and skipped, and where the input shape came from.
 */
public final class LazyNetTrainingSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] inputShape;
    private final InputShapeSource inputShapeSource;
    private final long trainingRows;
    private final long validationRows;
    private final long rowsSkipped;
    private final List<Double> loss;
    private final List<Double> seconds;
    private final List<Double> validationLoss;
    private final List<Double> validationAccuracy;
    private final int resumedFromEpoch;
    private final int bestEpoch;
    private final List<String> warnings;

    /** The summary of a finished fit, with the lists its training loop recorded. */
    LazyNetTrainingSummary(Shape inputShape, InputShapeSource inputShapeSource, long trainingRows,
            long validationRows, long rowsSkipped, EpochHistory history, List<String> warnings) {
        this.inputShape = inputShape.dims();
        this.inputShapeSource = inputShapeSource;
        this.trainingRows = trainingRows;
        this.validationRows = validationRows;
        this.rowsSkipped = rowsSkipped;
        this.resumedFromEpoch = history.resumedFromEpoch();
        this.bestEpoch = history.bestEpoch();
        this.loss = List.copyOf(history.loss());
        this.seconds = List.copyOf(history.seconds());
        this.validationLoss = List.copyOf(history.validationLoss());
        this.validationAccuracy = List.copyOf(history.validationAccuracy());
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Signs that the fit learned nothing although it ran without error, each a sentence that says what to
     * change: features (or a regression's labels) far from unit scale, a training loss that did not move.
     * Each is also logged as a warning; empty when there is none.
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The epochs a checkpoint had already done when this fit started, which it resumed after; 0 for a fit
     * that started from scratch. The histories include those epochs.
     */
    public int resumedFromEpoch() {
        return resumedFromEpoch;
    }

    /**
     * The best epoch, counted from 1: the first epoch with the lowest validation loss. With
     * {@code earlyStoppingPatience} set, the model has its weights, and the fit stopped that many epochs
     * after it (or at {@code maxIter}); with patience 0 the model has the last epoch's weights and this only
     * reports which epoch scored best. Without validation rows it is the last epoch; 0 if no epoch ran.
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * The mean training loss of each epoch (cross-entropy, or squared error for regression), weighted by
     * the rows' weights where {@code weightCol} is set.
     */
    public List<Double> lossHistory() {
        return loss;
    }

    /** Wall-clock seconds of each epoch, validation included. */
    public List<Double> secondsPerEpoch() {
        return seconds;
    }

    /** The mean validation loss after each epoch, weighted as the training loss is; empty without validation rows. */
    public List<Double> validationLossHistory() {
        return validationLoss;
    }

    /**
     * The validation accuracy after each epoch, with {@code weightCol} the weight of the correct predictions
     * over the validation rows' weight; empty without validation rows or for regression.
     */
    public List<Double> validationAccuracyHistory() {
        return validationAccuracy;
    }

    /** The number of epochs run. */
    public int totalEpochs() {
        return loss.size();
    }

    /** The rows trained on. */
    public long trainingRows() {
        return trainingRows;
    }

    /** The rows held out for validation. */
    public long validationRows() {
        return validationRows;
    }

    /** The invalid rows dropped under {@code handleInvalid = "skip"}. */
    public long rowsSkipped() {
        return rowsSkipped;
    }

    /** The shape of one input row, e.g. {@code (1, 28, 28)}. */
    public Shape inputShape() {
        return Shape.of(inputShape);
    }

    /** Where the input shape came from. */
    public InputShapeSource inputShapeSource() {
        return inputShapeSource;
    }

    @Override
    public String toString() {
        return "LazyNetTrainingSummary[epochs=" + totalEpochs() + ", input shape " + inputShape() + " from "
                + inputShapeSource.description() + ", rows=" + trainingRows + ", validation rows=" + validationRows
                + ", skipped=" + rowsSkipped + ", resumed from epoch " + resumedFromEpoch + ", loss=" + loss
                + ", validation loss=" + validationLoss + ", warnings=" + warnings.size() + "]";
    }
}
