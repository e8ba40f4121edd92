package dev.lazynet.nn;

import dev.lazynet.tensor.Seeds;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Inverted dropout (Srivastava et al., 2014, "Dropout: A Simple Way to Prevent Neural Networks from
 * Overfitting"): in training mode each element is zeroed with probability {@code p} and the survivors
 * are scaled by {@code 1 / (1 - p)}, so the expected output equals the input and inference mode is
 * the identity, with no rescaling.
 *
 * <table>
 *   <caption>Shapes</caption>
 *   <tr><td>input</td><td>{@code (batch, …)}, any rank</td></tr>
 *   <tr><td>output</td><td>the input's shape</td></tr>
 * </table>
 *
 * <p>The masks come from the layer's own generator, seeded from {@link #seed(long)} and the layer's
 * position in its network, so a run is reproducible and two dropout layers draw different masks.
 */
public final class Dropout extends AbstractLayer {

    private final double p;
    private long seed;
    private String position = "";
    private SplittableRandom rng;
    private float[] mask;
    /** Whether the last forward applied {@link #mask}; inference and {@code p = 0} pass the input through. */
    private boolean masked;
    private Shape lastShape;
    private float[] output;
    private float[] inputGradient;

    /**
     * Drops each element with probability {@code p}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= p < 1}
     */
    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout probability must be in [0, 1), but got " + p
                    + "; 0 keeps every unit, values near 1 drop almost all");
        }
        this.p = p;
    }

    /** The drop probability. */
    public double probability() {
        return p;
    }

    /** Restarts the mask sequence from {@code seed} (default 0). Returns {@code this}. */
    public Dropout seed(long seed) {
        this.seed = seed;
        this.rng = null;
        return this;
    }

    @Override
    public void setNamePrefix(String prefix) {
        super.setNamePrefix(prefix);
        this.position = prefix;
        this.rng = null;
    }

    @Override
    public Shape inferShape(Shape input) {
        return keepShape(input);
    }

    @Override
    public Tensor forward(Tensor x) {
        inferShape(x.shape());
        lastShape = x.shape();
        if (!isTraining() || p == 0) {
            masked = false;
            return x;
        }
        if (rng == null) {
            rng = new SplittableRandom(Seeds.ofName(seed, position + "dropout"));
        }
        float scale = (float) (1.0 / (1.0 - p));
        float[] in = x.data();
        output = buffer(output, in.length);
        mask = buffer(mask, in.length);
        masked = true;
        for (int i = 0; i < in.length; i++) {
            if (rng.nextDouble() >= p) {
                mask[i] = scale;
                output[i] = in[i] * scale;
            } else {
                mask[i] = 0f;
                output[i] = 0f;
            }
        }
        return Tensor.of(output, x.shape());
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastShape == null) {
            throw new IllegalStateException(label() + ": backward called before forward");
        }
        if (!gradOutput.shape().equals(lastShape)) {
            throw new ShapeMismatchException(label() + " backward", lastShape, gradOutput.shape(),
                    "the gradient must have the shape of the last forward's output");
        }
        if (!inputGradientNeeded) {
            return null;
        }
        if (!masked) {
            return gradOutput;
        }
        float[] g = gradOutput.data();
        float[] dx = buffer(inputGradient, g.length);
        inputGradient = dx;
        for (int i = 0; i < g.length; i++) {
            dx[i] = g[i] * mask[i];
        }
        return Tensor.of(dx, lastShape);
    }

    @Override
    public String spec() {
        return "dropout(" + p + ")";
    }

    @Override
    public String describe() {
        return "Dropout(" + p + ")";
    }
}
