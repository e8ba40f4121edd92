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
        public void apply(float[] x, int n) {
        }

        @Override
        public void backward(float[] y, float[] grad, int n) {
        }
    },
    /** {@code max(0, x)}. */
    RELU {
        @Override
        public void apply(float[] x, int n) {
            Kernels.relu(x, x, n);
        }

        @Override
        public void backward(float[] y, float[] grad, int n) {
            Kernels.reluBackward(y, grad, n);
        }
    },
    /** The logistic function {@code 1 / (1 + e^-x)}. */
    SIGMOID {
        @Override
        public void apply(float[] x, int n) {
            Kernels.sigmoid(x, x, n);
        }

        @Override
        public void backward(float[] y, float[] grad, int n) {
            Kernels.sigmoidBackward(y, grad, n);
        }
    },
    /** The hyperbolic tangent. */
    TANH {
        @Override
        public void apply(float[] x, int n) {
            Kernels.tanh(x, x, n);
        }

        @Override
        public void backward(float[] y, float[] grad, int n) {
            Kernels.tanhBackward(y, grad, n);
        }
    };

    /** Applies the activation in place to the first {@code n} elements. */
    public abstract void apply(float[] x, int n);

    /** Multiplies {@code grad} in place by the derivative, given the activation's output {@code y}. */
    public abstract void backward(float[] y, float[] grad, int n);

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
