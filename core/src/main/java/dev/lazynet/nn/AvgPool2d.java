package dev.lazynet.nn;

import dev.lazynet.tensor.Tensor;

/**
 * Average pooling over {@code k × k} windows of each channel; the gradient is spread evenly over the
 * window.
 *
 * <table>
 *   <caption>Shapes (k = kernel size, s = stride)</caption>
 *   <tr><td>input</td><td>{@code (batch, channels, height, width)}, NCHW</td></tr>
 *   <tr><td>output</td><td>{@code (batch, channels, (height - k) / s + 1, (width - k) / s + 1)}, rounded
 *       down</td></tr>
 * </table>
 */
public final class AvgPool2d extends Pool2d {

    /** Non-overlapping windows: the stride equals the kernel size. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel);
    }

    /**
     * Windows of {@code kernel × kernel} moved by {@code stride}.
     *
     * @throws IllegalArgumentException if either is not positive
     */
    public AvgPool2d(int kernel, int stride) {
        super("AvgPool2d", kernel, stride);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = prepare(x);
        geometry.average(x.data(), planes(), out.data());
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        checkBackward(gradOutput);
        if (!inputGradientNeeded) {
            return null;
        }
        Tensor dx = zeroInputGradient();
        geometry.averageBackward(gradOutput.data(), planes(), dx.data());
        return dx;
    }

    @Override
    public String spec() {
        return "avgpool(" + arguments(",") + ")";
    }

    @Override
    public String describe() {
        return "AvgPool2d(" + arguments(", stride=") + ")";
    }
}
