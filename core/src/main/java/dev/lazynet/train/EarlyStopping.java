package dev.lazynet.train;

import java.util.List;

/**
 * Follows the validation loss epoch by epoch: which epoch had the lowest so far, its weights, and whether
 * {@code patience} epochs have passed since without a lower one. The single-JVM trainer and the Spark
 * driver both stop by it, so they stop at the same epoch with the same weights.
 *
 * <p>"Lower" is strictly lower: an epoch that only equals the best does not replace it, so the best epoch
 * is the first with the lowest loss. With patience 0 it never stops and keeps no weights, and the best
 * epoch is only reported.
 */
public final class EarlyStopping {

    private final int patience;
    private float[] bestWeights;
    private int bestEpoch = -1;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int lastEpoch = -1;

    /**
     * @param patience epochs without a lower validation loss after which to stop (>= 0; 0: never)
     * @throws IllegalArgumentException if {@code patience} is negative
     */
    public EarlyStopping(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("earlyStoppingPatience must be >= 0 (0: off), but was " + patience);
        }
        this.patience = patience;
    }

    /** Whether this stops training at all (patience > 0). */
    public boolean isOn() {
        return patience > 0;
    }

    /**
     * Records epoch {@code epoch}'s (counted from 0) validation loss and, if it is the lowest so far and
     * stopping is on, a copy of {@code weights}.
     */
    public void observe(int epoch, double validationLoss, float[] weights) {
        lastEpoch = epoch;
        if (validationLoss < bestLoss) {
            bestLoss = validationLoss;
            bestEpoch = epoch;
            if (isOn()) {
                bestWeights = weights.clone();
            }
        }
    }

    /**
     * Takes over the state of a fit that recorded {@code validationLosses}, one per epoch done, and kept
     * {@code bestWeights} (ignored with patience 0), so that the fit goes on as if it had not stopped.
     *
     * @throws IllegalArgumentException if stopping is on, there are losses, and no best weights
     */
    public void resume(List<Double> validationLosses, float[] bestWeights) {
        lastEpoch = validationLosses.size() - 1;
        bestEpoch = lowest(validationLosses);
        if (bestEpoch >= 0) {
            bestLoss = validationLosses.get(bestEpoch);
        }
        if (isOn() && bestEpoch >= 0) {
            if (bestWeights == null) {
                throw new IllegalArgumentException("The saved state has validation losses but not the weights of"
                        + " the best epoch, which early stopping needs");
            }
            this.bestWeights = bestWeights.clone();
        }
    }

    /**
     * The epoch, counted from 0, that {@link #observe} would keep as the best of {@code validationLosses}:
     * the first with the lowest loss; -1 if none is below infinity.
     */
    public static int lowest(List<Double> validationLosses) {
        int best = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int epoch = 0; epoch < validationLosses.size(); epoch++) {
            if (validationLosses.get(epoch) < bestLoss) {
                bestLoss = validationLosses.get(epoch);
                best = epoch;
            }
        }
        return best;
    }

    /** Whether {@code patience} epochs have passed since the best one; always false with patience 0. */
    public boolean shouldStop() {
        return isOn() && bestEpoch >= 0 && lastEpoch - bestEpoch >= patience;
    }

    /** The epoch with the lowest validation loss so far, counted from 0; -1 before any. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The lowest validation loss so far; infinity before any. */
    public double bestLoss() {
        return bestLoss;
    }

    /** A copy of the best epoch's weights, or {@code null} with patience 0 or before any epoch. */
    public float[] bestWeights() {
        return bestWeights == null ? null : bestWeights.clone();
    }

    /** With stopping on and a best epoch, copies its weights into {@code weights}; else leaves them. */
    public void restoreBest(float[] weights) {
        if (bestWeights != null) {
            System.arraycopy(bestWeights, 0, weights, 0, weights.length);
        }
    }
}
