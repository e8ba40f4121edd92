package dev.lazynet.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a fit recorded per epoch: mean training loss and wall-clock seconds. */
public final class TrainingHistory {

    private final List<Double> loss = new ArrayList<>();
    private final List<Double> seconds = new ArrayList<>();

    /** Records one finished epoch. */
    public void addEpoch(double meanLoss, double epochSeconds) {
        loss.add(meanLoss);
        seconds.add(epochSeconds);
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
