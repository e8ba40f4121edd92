package dev.lazynet.train;

import java.util.List;

/**
 * Adam (Kingma and Ba, 2015, "Adam: A Method for Stochastic Optimization") with bias-corrected
 * first and second moments, and optional L2 weight decay added to the gradient.
 */
public final class Adam implements Optimizer {

    private double stepSize;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private float[] m;
    private float[] v;
    private long steps;
    private final TrainableRuns trainableRuns = new TrainableRuns();

    /**
     * @param stepSize the learning rate (> 0), 1e-3 in the paper
     * @param beta1 the first-moment decay, 0.9 in the paper
     * @param beta2 the second-moment decay, 0.999 in the paper
     * @param epsilon added to the denominator, 1e-8 in the paper
     * @param weightDecay the L2 coefficient (>= 0)
     */
    public Adam(double stepSize, double beta1, double beta2, double epsilon, double weightDecay) {
        if (!(stepSize > 0)) {
            throw new IllegalArgumentException("Adam stepSize must be > 0, but was " + stepSize);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), but were " + beta1 + " and " + beta2);
        }
        this.stepSize = stepSize;
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
        this.weightDecay = (float) weightDecay;
    }

    @Override
    public double stepSize() {
        return stepSize;
    }

    @Override
    public void setStepSize(double stepSize) {
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("Adam stepSize must be > 0 and finite, but was " + stepSize);
        }
        this.stepSize = stepSize;
    }

    @Override
    public void step(float[] params, float[] grad, boolean[] trainable) {
        step(params, grad, trainable, Ranges.SEQUENTIAL);
    }

    @Override
    public void step(float[] params, float[] grad, boolean[] trainable, Ranges ranges) {
        if (m == null) {
            m = new float[params.length];
            v = new float[params.length];
        } else if (m.length != params.length) {
            throw new IllegalArgumentException("Adam's moments have " + m.length + " floats, but the parameters have "
                    + params.length + "; restore a state saved for this network");
        }
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        // The paper's "efficient version": fold both bias corrections into the step size.
        float alpha = (float) (stepSize * Math.sqrt(correction2) / correction1);
        float eps = (float) (epsilon * Math.sqrt(correction2));
        int[] runs = trainableRuns.of(trainable, params.length);
        ranges.forEach(params.length, (from, to) -> Ranges.inRuns(runs, from, to,
                (start, end) -> update(params, grad, start, end, alpha, eps)));
    }

    /** The update of floats {@code [from, to)}, all trainable: a loop without branches, which vectorizes. */
    private void update(float[] params, float[] grad, int from, int to, float alpha, float eps) {
        float[] m = this.m;
        float[] v = this.v;
        for (int i = from; i < to; i++) {
            float g = grad[i] + weightDecay * params[i];
            float mi = beta1 * m[i] + (1 - beta1) * g;
            float vi = beta2 * v[i] + (1 - beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            params[i] -= alpha * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    @Override
    public long steps() {
        return steps;
    }

    /** Adam's state: the steps, and the first and second moments (none before the first step). */
    @Override
    public OptimizerState state() {
        return new OptimizerState("adam", steps, m == null ? List.of() : List.of(m, v));
    }

    @Override
    public void restore(OptimizerState state) {
        state.requireShape("adam", 2);
        List<float[]> slots = state.slotsView();
        m = slots.isEmpty() ? null : slots.get(0).clone();
        v = slots.isEmpty() ? null : slots.get(1).clone();
        steps = state.steps();
    }
}
