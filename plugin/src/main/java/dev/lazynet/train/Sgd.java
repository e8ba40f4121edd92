package dev.lazynet.train;

/**
 * Stochastic gradient descent with momentum, {@code v = μ·v + g + λ·w; w -= η·v} (PyTorch's form,
 * with L2 weight decay {@code λ} added to the gradient).
 */
public final class Sgd implements Optimizer {

    private final float stepSize;
    private final float momentum;
    private final float weightDecay;
    private float[] velocity;
    private long steps;

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
    public void step(float[] params, float[] grad, boolean[] trainable) {
        if (velocity == null) {
            velocity = new float[params.length];
        }
        for (int i = 0; i < params.length; i++) {
            if (trainable != null && !trainable[i]) {
                continue;
            }
            float g = grad[i] + weightDecay * params[i];
            float v = momentum * velocity[i] + g;
            velocity[i] = v;
            params[i] -= stepSize * v;
        }
        steps++;
    }

    @Override
    public long steps() {
        return steps;
    }
}
