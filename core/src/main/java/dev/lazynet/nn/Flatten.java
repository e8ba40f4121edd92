package dev.lazynet.nn;

import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;

/**
 * Views each sample as one vector, the bridge from convolutional to dense layers. It copies nothing:
 * the output shares the input's data.
 *
 * <table>
 *   <caption>Shapes</caption>
 *   <tr><td>input</td><td>{@code (batch, d1, d2, …)}</td></tr>
 *   <tr><td>output</td><td>{@code (batch, d1·d2·…)}, {@code ?} while any {@code di} is unknown</td></tr>
 * </table>
 */
public final class Flatten extends AbstractLayer {

    private Shape lastInputShape;

    /** A flattening layer. */
    public Flatten() {
    }

    @Override
    public Shape inferShape(Shape input) {
        if (input.rank() < 2) {
            throw new ShapeMismatchException(label(), Shape.of(Shape.UNKNOWN, Shape.UNKNOWN), input,
                    "Flatten takes a batch whose first dimension is the batch size; add the batch dimension");
        }
        acceptInput(input);
        Shape sample = input.dropFirst();
        outputShape = Shape.of(input.dim(0), sample.isKnown() ? sample.size() : Shape.UNKNOWN);
        return outputShape;
    }

    @Override
    public Tensor forward(Tensor x) {
        Shape out = inferShape(x.shape());
        lastInputShape = x.shape();
        return x.reshape(out);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastInputShape == null) {
            throw new IllegalStateException(label() + ": backward called before forward");
        }
        Shape expected = Shape.of(lastInputShape.dim(0), lastInputShape.sizeFrom(1));
        if (!gradOutput.shape().equals(expected)) {
            throw new ShapeMismatchException(label() + " backward", expected, gradOutput.shape(),
                    "the gradient must have the shape of the last forward's output");
        }
        return inputGradientNeeded ? gradOutput.reshape(lastInputShape) : null;
    }

    @Override
    public String spec() {
        return "flatten";
    }

    @Override
    public String describe() {
        return "Flatten()";
    }
}
