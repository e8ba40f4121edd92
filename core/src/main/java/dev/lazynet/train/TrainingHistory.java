package dev.lazynet.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a fit recorded per epoch: mean training loss, wall-clock seconds and, with validation rows, their mean loss. */
public final class TrainingHistory {

    private final List<Double> loss = new ArrayList<>();
    private final List<Double> seconds = new ArrayList<>();
    private final List<Double> validationLoss = new ArrayList<>();

    /** Records one finished epoch. */
    public void addEpoch(double meanLoss, double epochSeconds) {
        loss.add(meanLoss);
        seconds.add(epochSeconds);
    }

    /** Records the mean validation loss of the epoch recorded last. */
    public void addValidation(double meanLoss) {
        validationLoss.add(meanLoss);
    }

    /** Mean validation loss of each epoch, in order; empty without validation rows. */
    public List<Double> validationLossHistory() {
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

    /** Mean training loss of each epoch, in order. */
    public List<Double> lossHistory() {
        return Collections.unmodifiableList(loss);
    }

    /** Seconds each epoch took. */
    public List<Double> secondsPerEpoch() {
        return Collections.unmodifiableList(seconds);
    }

    /** The number of epochs recorded. */
    public int epochs() {
        return loss.size();
    }
}
