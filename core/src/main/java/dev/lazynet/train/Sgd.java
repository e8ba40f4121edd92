package dev.lazynet.train;

import java.util.List;

/**
 * Stochastic gradient descent with momentum, {@code v = μ·v + g + λ·w; w -= η·v} (PyTorch's form,
 * with L2 weight decay {@code λ} added to the gradient).
 */
public final class Sgd implements Optimizer {

    private float stepSize;
    private final float momentum;
    private final float weightDecay;
    private float[] velocity;
    private long steps;
    private final TrainableRuns trainableRuns = new TrainableRuns();

    /**
     * @param stepSize the learning rate {@code η} (> 0)
     * @param momentum {@code μ} in [0, 1); 0 gives plain SGD
     * @param weightDecay the L2 coefficient {@code λ} (>= 0)
     */
    public Sgd(double stepSize, double momentum, double weightDecay) {
        if (!(stepSize > 0)) {
            throw new IllegalArgumentException("SGD stepSize must be > 0, but was " + stepSize);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), but was " + momentum);
        }
        this.stepSize = (float) stepSize;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
    }

    @Override
    public double stepSize() {
        return stepSize;
    }

    @Override
    public void setStepSize(double stepSize) {
        if (!((float) stepSize > 0) || !Float.isFinite((float) stepSize)) {
            throw new IllegalArgumentException("SGD stepSize must be > 0 and finite as a float32, but was " + stepSize);
        }
        this.stepSize = (float) stepSize;
    }

    @Override
    public void step(float[] params, float[] grad, boolean[] trainable) {
        step(params, grad, trainable, Ranges.SEQUENTIAL);
    }

    @Override
    public void step(float[] params, float[] grad, boolean[] trainable, Ranges ranges) {
        if (velocity == null) {
            velocity = new float[params.length];
        } else if (velocity.length != params.length) {
            throw new IllegalArgumentException("SGD's velocity has " + velocity.length + " floats, but the parameters"
                    + " have " + params.length + "; restore a state saved for this network");
        }
        int[] runs = trainableRuns.of(trainable, params.length);
        ranges.forEach(params.length, (from, to) -> Ranges.inRuns(runs, from, to,
                (start, end) -> update(params, grad, start, end)));
        steps++;
    }

    /** The update of floats {@code [from, to)}, all trainable. */
    private void update(float[] params, float[] grad, int from, int to) {
        float[] velocity = this.velocity;
        for (int i = from; i < to; i++) {
            float g = grad[i] + weightDecay * params[i];
            float v = momentum * velocity[i] + g;
            velocity[i] = v;
            params[i] -= stepSize * v;
        }
    }

    @Override
    public long steps() {
        return steps;
    }

    /** SGD's state: the steps and the velocity (none before the first step). */
    @Override
    public OptimizerState state() {
        return new OptimizerState("sgd", steps, velocity == null ? List.of() : List.of(velocity));
    }

    @Override
    public void restore(OptimizerState state) {
        state.requireShape("sgd", 1);
        List<float[]> slots = state.slotsView();
        velocity = slots.isEmpty() ? null : slots.get(0).clone();
        steps = state.steps();
    }
}
