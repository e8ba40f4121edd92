package dev.lazynet.nn;

import dev.lazynet.tensor.Pooling;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;

/**
 * What {@link MaxPool2d} and {@link AvgPool2d} share: the window geometry, shape inference and the
 * checks on NCHW input. Pooling has no parameters, keeps the number of channels and pads nothing.
 */
public abstract class Pool2d extends AbstractLayer {

    /** The window size. */
    protected final int kernel;
    /** How far the window moves. */
    protected final int stride;
    /** The geometry of the last forward; {@code null} before it. */
    protected Pooling geometry;
    /** The input of the last forward. */
    protected Tensor lastInput;
    private float[] output;
    private float[] inputGradient;

    /**
     * A pooling layer with a {@code kernel × kernel} window moved by {@code stride}.
     *
     * @param name the layer's class name, for errors
     * @throws IllegalArgumentException if {@code kernel} or {@code stride} is not positive
     */
    protected Pool2d(String name, int kernel, int stride) {
        if (kernel <= 0) {
            throw new IllegalArgumentException(name + " needs a positive kernel size, but got " + kernel);
        }
        if (stride <= 0) {
            throw new IllegalArgumentException(name + " needs a positive stride, but got " + stride);
        }
        this.kernel = kernel;
        this.stride = stride;
    }

    /** The side of the square window. */
    public int kernelSize() {
        return kernel;
    }

    /** How far the window moves. */
    public int stride() {
        return stride;
    }

    @Override
    public Shape inferShape(Shape input) {
        if (input.rank() != 4) {
            throw new ShapeMismatchException(label(), Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN,
                    Shape.UNKNOWN), input, "pooling takes NCHW batches (batch, channels, height, width); put it"
                    + " after a Conv2d, or view flat vectors as images with setInputShape(\"1,28,28\")");
        }
        int outH = spatialOutput(input, 2);
        int outW = spatialOutput(input, 3);
        acceptInput(input);
        outputShape = Shape.of(input.dim(0), input.dim(1), outH, outW);
        return outputShape;
    }

    private int spatialOutput(Shape input, int axis) {
        int in = input.dim(axis);
        if (in == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        if (kernel > in) {
            throw new IllegalArgumentException(label() + " cannot take input of shape " + input + ": kernel size "
                    + kernel + " is larger than the input size " + in + "; use a smaller kernel or larger images");
        }
        return (in - kernel) / stride + 1;
    }

    /**
     * Checks {@code x}, fixes the geometry for its shape and returns the output tensor, whose values the
     * caller must overwrite (it may hold the last call's).
     */
    protected Tensor prepare(Tensor x) {
        Shape out = inferShape(x.shape());
        geometry = new Pooling(x.shape().dim(2), x.shape().dim(3), kernel, stride);
        lastInput = x;
        output = buffer(output, out.size());
        return Tensor.of(output, out);
    }

    /** A zero tensor of the last input's shape, for the backward kernels to accumulate into. */
    protected Tensor zeroInputGradient() {
        inputGradient = zeroedBuffer(inputGradient, lastInput.size());
        return Tensor.of(inputGradient, lastInput.shape());
    }

    /** Checks that backward follows a forward and matches its output shape. */
    protected void checkBackward(Tensor gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException(label() + ": backward called before forward");
        }
        Shape expected = Shape.of(lastInput.shape().dim(0), lastInput.shape().dim(1), geometry.outHeight(),
                geometry.outWidth());
        if (!gradOutput.shape().equals(expected)) {
            throw new ShapeMismatchException(label() + " backward", expected, gradOutput.shape(),
                    "the gradient must have the shape of the last forward's output");
        }
    }

    /** The number of {@code height × width} planes in the last input, {@code batch · channels}. */
    protected int planes() {
        return lastInput.shape().dim(0) * lastInput.shape().dim(1);
    }

    /** The arguments in spec and description form: {@code 2}, or {@code 3,2} when the stride differs. */
    protected String arguments(String separator) {
        return stride == kernel ? Integer.toString(kernel) : kernel + separator + stride;
    }
}
