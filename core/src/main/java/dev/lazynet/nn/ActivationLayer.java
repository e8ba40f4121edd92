package dev.lazynet.nn;

import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;

/**
 * An element-wise nonlinearity as a layer of its own, for networks written as
 * {@code conv2d(6,5) batchnorm relu}, where the activation must come after a normalization.
 *
 * <table>
 *   <caption>Shapes</caption>
 *   <tr><td>input</td><td>{@code (batch, …)}, any rank</td></tr>
 *   <tr><td>output</td><td>the input's shape</td></tr>
 * </table>
 */
public final class ActivationLayer extends AbstractLayer {

    private final Activation activation;
    private Tensor lastOutput;
    private float[] inputGradient;

    /**
     * A layer applying {@code activation}.
     *
     * @throws IllegalArgumentException for {@link Activation#NONE}, which would be a layer that does nothing
     */
    public ActivationLayer(Activation activation) {
        if (activation == Activation.NONE) {
            throw new IllegalArgumentException("ActivationLayer needs relu, sigmoid or tanh, but got none;"
                    + " the identity needs no layer, leave it out");
        }
        this.activation = activation;
    }

    /** The nonlinearity applied. */
    public Activation activation() {
        return activation;
    }

    @Override
    public Shape inferShape(Shape input) {
        return keepShape(input);
    }

    @Override
    public Tensor forward(Tensor x) {
        inferShape(x.shape());
        float[] out = buffer(lastOutput == null ? null : lastOutput.data(), x.size());
        activation.apply(x.data(), 0, out, 0, out.length);
        lastOutput = Tensor.of(out, x.shape());
        return lastOutput;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastOutput == null) {
            throw new IllegalStateException(label() + ": backward called before forward");
        }
        if (!gradOutput.shape().equals(lastOutput.shape())) {
            throw new ShapeMismatchException(label() + " backward", lastOutput.shape(), gradOutput.shape(),
                    "the gradient must have the shape of the last forward's output");
        }
        if (!inputGradientNeeded) {
            return null;
        }
        float[] dx = buffer(inputGradient, gradOutput.size());
        inputGradient = dx;
        activation.backward(lastOutput.data(), 0, gradOutput.data(), 0, dx, 0, dx.length);
        return Tensor.of(dx, gradOutput.shape());
    }

    @Override
    public String spec() {
        return activation.label();
    }

    @Override
    public String describe() {
        return "Activation(" + activation.label() + ")";
    }
}
