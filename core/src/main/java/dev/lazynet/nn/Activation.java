package dev.lazynet.nn;

import dev.lazynet.tensor.Kernels;

/**
 * Element-wise nonlinearities that {@link Dense} and {@link Conv2d} apply to their output, and that
 * {@link ActivationLayer} applies as a layer of its own.
 *
 * <p>Each backward is written in terms of the activation's <em>output</em>, so a layer keeps only
 * its output for the backward pass, not the pre-activation as well.
 */
public enum Activation {
    /** The identity. */
    NONE {
        @Override
        public void apply(float[] x, int xOffset, float[] out, int outOffset, int n) {
            if (x != out || xOffset != outOffset) {
                System.arraycopy(x, xOffset, out, outOffset, n);
            }
        }

        @Override
        public void backward(float[] y, int yOffset, float[] grad, int gradOffset, float[] out, int outOffset,
                             int n) {
            if (grad != out || gradOffset != outOffset) {
                System.arraycopy(grad, gradOffset, out, outOffset, n);
            }
        }
    },
    /** {@code max(0, x)}. */
    RELU {
        @Override
        public void apply(float[] x, int xOffset, float[] out, int outOffset, int n) {
            Kernels.relu(x, xOffset, out, outOffset, n);
        }

        @Override
        public void backward(float[] y, int yOffset, float[] grad, int gradOffset, float[] out, int outOffset,
                             int n) {
            Kernels.reluBackward(y, yOffset, grad, gradOffset, out, outOffset, n);
        }
    },
    /** The logistic function {@code 1 / (1 + e^-x)}. */
    SIGMOID {
        @Override
        public void apply(float[] x, int xOffset, float[] out, int outOffset, int n) {
            Kernels.sigmoid(x, xOffset, out, outOffset, n);
        }

        @Override
        public void backward(float[] y, int yOffset, float[] grad, int gradOffset, float[] out, int outOffset,
                             int n) {
            Kernels.sigmoidBackward(y, yOffset, grad, gradOffset, out, outOffset, n);
        }
    },
    /** The hyperbolic tangent. */
    TANH {
        @Override
        public void apply(float[] x, int xOffset, float[] out, int outOffset, int n) {
            Kernels.tanh(x, xOffset, out, outOffset, n);
        }

        @Override
        public void backward(float[] y, int yOffset, float[] grad, int gradOffset, float[] out, int outOffset,
                             int n) {
            Kernels.tanhBackward(y, yOffset, grad, gradOffset, out, outOffset, n);
        }
    };

    /**
     * Writes the activation of {@code n} elements of {@code x} from {@code xOffset} to {@code out} from
     * {@code outOffset}; {@code out} may be {@code x} at the same offset, for an in-place pass.
     */
    public abstract void apply(float[] x, int xOffset, float[] out, int outOffset, int n);

    /**
     * Writes {@code grad} times the derivative, given the activation's output {@code y}, for {@code n}
     * elements from the given offsets. Writing to a separate {@code out} lets a layer fuse this with the
     * copy it needs anyway instead of cloning the incoming gradient first; {@code out} may also be
     * {@code grad} at the same offset.
     */
    public abstract void backward(float[] y, int yOffset, float[] grad, int gradOffset, float[] out, int outOffset,
                                  int n);

    /**
     * The activation named {@code name} ({@code relu}, {@code sigmoid}, {@code tanh}, {@code none}),
     * case-insensitive.
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown activation \"" + name + "\"; valid: relu, sigmoid, tanh, none");
    }

    /** The lower-case name used in specs and summaries. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
