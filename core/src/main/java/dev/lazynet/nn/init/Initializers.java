package dev.lazynet.nn.init;

import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Locale;
import java.util.Random;

/**
 * The standard initializers, and {@link #parse(String)} for their text form ({@code "xavier"},
 * {@code "normal(0.01)"}, {@code "uniform"}, {@code "constant(1)"}).
 *
 * <p>Fan-in and fan-out follow PyTorch: for a weight of shape {@code (out, in, k…)} fan-in is
 * {@code in · Πk} and fan-out is {@code out · Πk}.
 */
public final class Initializers {

    /** The default scale of {@link #uniform()}, as in Gluon's {@code Uniform()}. */
    public static final double DEFAULT_UNIFORM_SCALE = 0.07;

    private Initializers() {
    }

    /** Uniform in {@code [-0.07, 0.07]}: the default, as in Gluon. */
    public static Initializer uniform() {
        return uniform(DEFAULT_UNIFORM_SCALE);
    }

    /** Uniform in {@code [-scale, scale]}. */
    public static Initializer uniform(double scale) {
        requireNonNegative("uniform", scale);
        return named("uniform(" + scale + ")", (name, data, rng) -> {
            float[] d = data.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
            }
        });
    }

    /** Gaussian with mean 0 and standard deviation {@code sigma}. */
    public static Initializer normal(double sigma) {
        requireNonNegative("normal", sigma);
        return named("normal(" + sigma + ")", (name, data, rng) -> {
            float[] d = data.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (rng.nextGaussian() * sigma);
            }
        });
    }

    /** Every weight equal to {@code value} (biases stay zero). */
    public static Initializer constant(double value) {
        return named("constant(" + value + ")", (name, data, rng) -> data.fill((float) value));
    }

    /** All zeros. */
    public static Initializer zeros() {
        return named("zeros", (name, data, rng) -> data.fill(0f));
    }

    /** All ones (biases stay zero). */
    public static Initializer ones() {
        return named("ones", (name, data, rng) -> data.fill(1f));
    }

    /**
     * Xavier/Glorot uniform: {@code U[-a, a]} with {@code a = sqrt(6 / (fanIn + fanOut))}, which keeps
     * activation and gradient variance equal across layers (Glorot and Bengio, 2010, "Understanding the
     * difficulty of training deep feedforward neural networks").
     */
    public static Initializer xavier() {
        return named("xavier", (name, data, rng) -> {
            int[] fans = fans(data.shape());
            double a = Math.sqrt(6.0 / (fans[0] + fans[1]));
            float[] d = data.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) ((rng.nextDouble() * 2 - 1) * a);
            }
        });
    }

    /**
     * Kaiming/He normal: {@code N(0, 2 / fanIn)}, the variance that keeps ReLU activations from
     * shrinking layer by layer (He et al., 2015, "Delving Deep into Rectifiers").
     */
    public static Initializer kaiming() {
        return named("kaiming", (name, data, rng) -> {
            double sigma = Math.sqrt(2.0 / fans(data.shape())[0]);
            float[] d = data.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (rng.nextGaussian() * sigma);
            }
        });
    }

    /**
     * Parses an initializer's text form, in any case: {@code uniform} (scale {@value #DEFAULT_UNIFORM_SCALE}),
     * {@code uniform(0.1)}, {@code normal} (sigma 0.01), {@code normal(0.05)}, {@code constant(0.5)},
     * {@code xavier}, {@code kaiming}, {@code zeros}, {@code ones}.
     *
     * @throws IllegalArgumentException naming the text and listing the valid forms
     */
    public static Initializer parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Initializer text is empty; " + VALID);
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        String name = t;
        Double arg = null;
        int open = t.indexOf('(');
        if (open >= 0) {
            if (!t.endsWith(")")) {
                throw new IllegalArgumentException("Initializer \"" + text + "\" has no closing parenthesis; " + VALID);
            }
            name = t.substring(0, open).strip();
            String inner = t.substring(open + 1, t.length() - 1).strip();
            if (!inner.isEmpty()) {
                try {
                    arg = Double.parseDouble(inner);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Initializer \"" + text + "\" has argument \"" + inner
                            + "\", which is not a number; " + VALID);
                }
                if (!Double.isFinite(arg)) {
                    throw new IllegalArgumentException("Initializer \"" + text + "\" has a non-finite argument; " + VALID);
                }
                if (!Float.isFinite(arg.floatValue())) {
                    throw new IllegalArgumentException("Initializer \"" + text + "\" has " + arg + ", beyond the"
                            + " float32 range (±" + Float.MAX_VALUE + ") of the weights; " + VALID);
                }
            }
        }
        switch (name) {
            case "uniform":
                return arg == null ? uniform() : uniform(arg);
            case "normal":
                return normal(arg == null ? 0.01 : arg);
            case "constant":
                if (arg == null) {
                    throw new IllegalArgumentException("Initializer \"" + text + "\" needs a value, e.g. constant(1)");
                }
                return constant(arg);
            case "xavier":
            case "zeros":
            case "ones":
            case "kaiming":
                if (arg != null) {
                    throw new IllegalArgumentException("Initializer \"" + name + "\" takes no argument, but \""
                            + text + "\" gives one; " + VALID);
                }
                return switch (name) {
                    case "xavier" -> xavier();
                    case "zeros" -> zeros();
                    case "ones" -> ones();
                    default -> kaiming();
                };
            default:
                throw new IllegalArgumentException("Unknown initializer \"" + text + "\"; " + VALID);
        }
    }

    private static final String VALID = "valid: uniform, uniform(scale), normal(sigma), constant(value), xavier,"
            + " kaiming, zeros, ones";

    /** {@code [fanIn, fanOut]} of a weight shaped {@code (out, in, k…)}; a vector counts as {@code (n, 1)}. */
    static int[] fans(Shape shape) {
        if (shape.rank() < 2) {
            return new int[] {shape.dim(0), shape.dim(0)};
        }
        int receptive = shape.rank() > 2 ? shape.sizeFrom(2) : 1;
        return new int[] {shape.dim(1) * receptive, shape.dim(0) * receptive};
    }

    private static void requireNonNegative(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " initializer needs a finite, non-negative scale, but got " + value);
        }
    }

    /** Gives a lambda a readable {@code toString}, so summaries and errors can name it. */
    private static Initializer named(String label, Initializer body) {
        return new Initializer() {
            @Override
            public void initWeight(String name, Tensor data, Random rng) {
                body.initWeight(name, data, rng);
            }

            @Override
            public String toString() {
                return label;
            }
        };
    }
}
