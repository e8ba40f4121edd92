package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.io.Checkpoint;
import dev.lazynet.train.EarlyStopping;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.annotation.Private;

/**
 * What the training loop records per epoch: the mean training loss, the wall-clock seconds and, with
 * validation rows, the validation loss and accuracy; and how many epochs a checkpoint had done before.
 * The fit's public summary is built from it once training ends.
 */
@Private
public final class EpochHistory {

    private final List<Double> loss = new ArrayList<>();
    private final List<Double> seconds = new ArrayList<>();
    private final List<Double> validationLoss = new ArrayList<>();
    private final List<Double> validationAccuracy = new ArrayList<>();
    private int resumedFromEpoch;

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

    /** The lists as a checkpoint stores them. */
    Checkpoint.History snapshot() {
        return new Checkpoint.History(List.copyOf(loss), List.copyOf(seconds), List.copyOf(validationLoss),
                List.copyOf(validationAccuracy));
    }

    /** The epochs a resumed checkpoint had done; 0 for a fit that started from scratch. */
    public int resumedFromEpoch() {
        return resumedFromEpoch;
    }

    /** The mean training loss of each epoch. */
    public List<Double> loss() {
        return Collections.unmodifiableList(loss);
    }

    /** The wall-clock seconds of each epoch, validation included. */
    public List<Double> seconds() {
        return Collections.unmodifiableList(seconds);
    }

    /** The mean validation loss after each epoch; empty without validation rows. */
    public List<Double> validationLoss() {
        return Collections.unmodifiableList(validationLoss);
    }

    /**
     * The best epoch, counted from 1: the first with the lowest validation loss, whose weights an early
     * stopped fit keeps; without validation rows, the last epoch; 0 before any epoch.
     */
    public int bestEpoch() {
        int best = EarlyStopping.lowest(validationLoss);
        return (best >= 0 ? best : loss.size() - 1) + 1;
    }

    /** The validation accuracy after each epoch; empty without validation rows or for regression. */
    public List<Double> validationAccuracy() {
        return Collections.unmodifiableList(validationAccuracy);
    }
}
