package dev.lazynet.spark;

/**
 * A fit stopped because the loss, the gradient or the weights stopped being finite numbers, which almost
 * always means the step size is too large for the data. The exception keeps the last weights whose loss
 * and gradient were still finite, so the work done so far is not lost.
 */
public final class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final double stepSize;
    private final float[] lastGoodWeights;

    /**
     * @param epoch the epoch that diverged, from 1
     * @param step the step within it, from 1
     * @param lastGoodWeights the weights before that step, which the exception copies
     */
    public TrainingDivergedException(String message, int epoch, int step, double stepSize, float[] lastGoodWeights) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.stepSize = stepSize;
        this.lastGoodWeights = lastGoodWeights.clone();
    }

    /** The epoch that diverged, counted from 1. */
    public int epoch() {
        return epoch;
    }

    /** The step within {@link #epoch()} that diverged, counted from 1. */
    public int step() {
        return step;
    }

    /** The step size the fit used. */
    public double stepSize() {
        return stepSize;
    }

    /**
     * The weights before the step that diverged, in the order of the model's {@code network().parameters()}:
     * the last ones whose loss and gradient were finite.
     */
    public float[] lastGoodWeights() {
        return lastGoodWeights.clone();
    }
}
