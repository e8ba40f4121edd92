package dev.lazynet.spark;

import dev.lazynet.tensor.Shape;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
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
    private final List<Double> loss = new ArrayList<>();
    private final List<Double> seconds = new ArrayList<>();
    private final List<Double> validationLoss = new ArrayList<>();
    private final List<Double> validationAccuracy = new ArrayList<>();
    private int resumedFromEpoch;

    LazyNetTrainingSummary(Shape inputShape, InputShapeSource inputShapeSource, long trainingRows,
            long validationRows, long rowsSkipped) {
        this.inputShape = inputShape.dims();
        this.inputShapeSource = inputShapeSource;
        this.trainingRows = trainingRows;
        this.validationRows = validationRows;
        this.rowsSkipped = rowsSkipped;
    }

    void addEpoch(double meanLoss, double epochSeconds) {
        loss.add(meanLoss);
        seconds.add(epochSeconds);
    }

    void addValidation(double meanLoss, Double accuracy) {
        validationLoss.add(meanLoss);
        if (accuracy != null) {
            validationAccuracy.add(accuracy);
        }
    }

    /** Takes over the history of the epochs a checkpoint already did. */
    void resume(int epochsDone, Checkpoint.History history) {
        resumedFromEpoch = epochsDone;
        loss.addAll(history.loss());
        seconds.addAll(history.seconds());
        validationLoss.addAll(history.validationLoss());
        validationAccuracy.addAll(history.validationAccuracy());
    }

    /**
     * The epochs a checkpoint had already done when this fit started, which it resumed after; 0 for a fit
     * that started from scratch. The histories include those epochs.
     */
    public int resumedFromEpoch() {
        return resumedFromEpoch;
    }

    /** The mean training loss of each epoch (cross-entropy, or squared error for regression). */
    public List<Double> lossHistory() {
        return Collections.unmodifiableList(loss);
    }

    /** Wall-clock seconds of each epoch, validation included. */
    public List<Double> secondsPerEpoch() {
        return Collections.unmodifiableList(seconds);
    }

    /** The mean validation loss after each epoch; empty without validation rows. */
    public List<Double> validationLossHistory() {
        return Collections.unmodifiableList(validationLoss);
    }

    /** The validation accuracy after each epoch; empty without validation rows or for regression. */
    public List<Double> validationAccuracyHistory() {
        return Collections.unmodifiableList(validationAccuracy);
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
                + ", skipped=" + rowsSkipped + ", resumed from epoch " + resumedFromEpoch + ", loss=" + loss + ", validation loss=" + validationLoss + "]";
    }
}
