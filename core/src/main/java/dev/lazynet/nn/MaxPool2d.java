package dev.lazynet.nn;

import dev.lazynet.tensor.Pooling;
import dev.lazynet.tensor.Tensor;

/**
 * Max pooling over {@code k × k} windows of each channel; the gradient flows to the element that was
 * the maximum.
 *
 * <table>
 *   <caption>Shapes (k = kernel size, s = stride)</caption>
 *   <tr><td>input</td><td>{@code (batch, channels, height, width)}, NCHW</td></tr>
 *   <tr><td>output</td><td>{@code (batch, channels, (height - k) / s + 1, (width - k) / s + 1)}, rounded
 *       down</td></tr>
 * </table>
 */
public final class MaxPool2d extends Pool2d {

    private int[] argmax;

    /** Non-overlapping windows: the stride equals the kernel size, as in LeNet's subsampling. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    /**
     * Windows of {@code kernel × kernel} moved by {@code stride}.
     *
     * @throws IllegalArgumentException if either is not positive
     */
    public MaxPool2d(int kernel, int stride) {
        super("MaxPool2d", kernel, stride);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = prepare(x);
        if (!reusesBuffers() || argmax == null || argmax.length != out.size()) {
            argmax = new int[out.size()];
        }
        geometry.max(x.data(), planes(), out.data(), argmax);
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        checkBackward(gradOutput);
        if (!inputGradientNeeded) {
            return null;
        }
        Tensor dx = zeroInputGradient();
        Pooling.maxBackward(gradOutput.data(), argmax, gradOutput.size(), dx.data());
        return dx;
    }

    @Override
    public String spec() {
        return "maxpool(" + arguments(",") + ")";
    }

    @Override
    public String describe() {
        return "MaxPool2d(" + arguments(", stride=") + ")";
    }
}
