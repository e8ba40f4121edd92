package dev.lazynet.nn;

import dev.lazynet.tensor.Blas;
import dev.lazynet.tensor.Kernels;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;

/**
 * A fully connected layer, {@code y = act(x · Wᵀ + b)}, whose input size is inferred from the first
 * data unless given with {@link #inUnits}.
 *
 * <table>
 *   <caption>Shapes</caption>
 *   <tr><td>input</td><td>{@code (batch, in)}, or {@code (batch, d1, d2, …)} flattened to {@code in = d1·d2·…}</td></tr>
 *   <tr><td>weight</td><td>{@code (units, in)}, as in PyTorch and Gluon</td></tr>
 *   <tr><td>bias</td><td>{@code (units,)}</td></tr>
 *   <tr><td>output</td><td>{@code (batch, units)}</td></tr>
 * </table>
 */
public final class Dense extends AbstractLayer {

    private final int units;
    private final Activation activation;
    private Parameter weight;
    private Parameter bias;
    private Tensor lastInput;
    private Tensor lastOutput;
    private float[] gradScratch;
    private float[] inputGradient;

    /** A linear layer with {@code units} outputs and no activation. */
    public Dense(int units) {
        this(units, Activation.NONE);
    }

    /**
     * A layer with {@code units} outputs followed by {@code activation}.
     *
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public Dense(int units, Activation activation) {
        if (units <= 0) {
            throw new IllegalArgumentException("Dense needs a positive number of units, but got " + units);
        }
        this.units = units;
        this.activation = activation;
        this.weight = declare("weight", Parameter.Role.WEIGHT, Shape.of(units, Shape.UNKNOWN));
        this.bias = declare("bias", Parameter.Role.BIAS, Shape.of(units));
    }

    /**
     * Gives the input size up front, so the weight's shape is known at once and {@code initialize}
     * fills it immediately. Returns {@code this}.
     *
     * @throws IllegalArgumentException if {@code n} is not positive
     * @throws ShapeMismatchException if the weight already has another input size
     */
    public Dense inUnits(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(describe() + ": inUnits must be positive, but got " + n);
        }
        weight.refineShape(Shape.of(units, n), label());
        return this;
    }

    /**
     * Ties this layer to {@code other}: both use the same weight and bias objects, so they hold the same
     * values and both layers' gradients accumulate into them. A forced re-initialization re-initializes
     * them through {@code other}, their owner, so it runs the initializer once. Returns {@code this}.
     *
     * @throws IllegalArgumentException if the layers have different numbers of units
     */
    public Dense shareParameters(Dense other) {
        if (other.units != units) {
            throw new IllegalArgumentException(describe() + " cannot share parameters with " + other.describe()
                    + ": the numbers of units differ (" + units + " vs " + other.units + ")");
        }
        this.weight = other.weight;
        this.bias = other.bias;
        tie("weight", weight);
        tie("bias", bias);
        return this;
    }

    /** The weight, shape {@code (units, in)}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias, shape {@code (units,)}. */
    public Parameter bias() {
        return bias;
    }

    /** The number of outputs. */
    public int units() {
        return units;
    }

    /** The activation applied to the output. */
    public Activation activation() {
        return activation;
    }

    @Override
    public Shape inferShape(Shape input) {
        int in = inputFeatures(input);
        if (in != Shape.UNKNOWN) {
            weight.refineShape(Shape.of(units, in), label());
        }
        outputShape = Shape.of(input.dim(0), units);
        return outputShape;
    }

    /** The flattened feature size of {@code input}, or UNKNOWN; checks it against a known weight. */
    private int inputFeatures(Shape input) {
        if (input.rank() < 2) {
            throw new ShapeMismatchException(label(), Shape.of(Shape.UNKNOWN, weight.shape().dim(1)), input,
                    "Dense takes a batch of shape (batch, features); add the batch dimension");
        }
        for (int i = 1; i < input.rank(); i++) {
            if (input.dim(i) == Shape.UNKNOWN) {
                return Shape.UNKNOWN;
            }
        }
        int in = input.sizeFrom(1);
        int known = weight.shape().dim(1);
        if (known != Shape.UNKNOWN && known != in) {
            throw new ShapeMismatchException(label(), Shape.of(Shape.UNKNOWN, known), input,
                    "this layer was initialized for " + known + " input features; give it data of that size"
                            + " or build a new network for " + in);
        }
        return in;
    }

    @Override
    public Tensor forward(Tensor x) {
        int batch = x.shape().dim(0);
        int in = inputFeatures(x.shape());
        weight.refineShape(Shape.of(units, in), label());
        float[] w = weight.data().data();
        float[] b = bias.data().data();
        float[] out = buffer(lastOutput == null ? null : lastOutput.data(), batch * units);
        for (int r = 0; r < batch; r++) {
            System.arraycopy(b, 0, out, r * units, units);
        }
        Blas.current().gemm(false, true, batch, units, in, 1f, x.data(), w, 1f, out);
        activation.apply(out, 0, out, 0, out.length);
        lastInput = x;
        lastOutput = Tensor.of(out, batch, units);
        outputShape = lastOutput.shape();
        return lastOutput;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException(label() + ": backward called before forward");
        }
        int batch = lastInput.shape().dim(0);
        int in = weight.shape().dim(1);
        if (!gradOutput.shape().equals(lastOutput.shape())) {
            throw new ShapeMismatchException(label() + " backward", lastOutput.shape(), gradOutput.shape(),
                    "the gradient must have the shape of the last forward's output");
        }
        // The incoming gradient is the caller's and is only read; the activation's derivative is
        // applied on the way into scratch space, which saves cloning it.
        float[] g = gradOutput.data();
        if (activation != Activation.NONE) {
            gradScratch = buffer(gradScratch, g.length);
            activation.backward(lastOutput.data(), 0, g, 0, gradScratch, 0, g.length);
            g = gradScratch;
        }
        Blas blas = Blas.current();
        blas.gemm(true, false, units, in, batch, 1f, g, lastInput.data(), 1f, weight.grad().data());
        Kernels.sumRowsInto(g, batch, units, bias.grad().data());
        if (!inputGradientNeeded) {
            return null;
        }
        float[] dx = buffer(inputGradient, batch * in);
        inputGradient = dx;
        blas.gemm(false, false, batch, in, units, 1f, g, weight.data().data(), 0f, dx);
        return Tensor.of(dx, lastInput.shape());
    }

    @Override
    public String spec() {
        return activation == Activation.NONE ? "dense(" + units + ")" : "dense(" + units + "," + activation.label() + ")";
    }

    @Override
    public String describe() {
        return activation == Activation.NONE ? "Dense(" + units + ")" : "Dense(" + units + ", " + activation.label() + ")";
    }
}
