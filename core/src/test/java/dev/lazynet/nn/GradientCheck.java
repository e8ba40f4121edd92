package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.tensor.Tensor;
import dev.lazynet.train.Loss;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * The central-difference gradient checker, in double precision, for any layer (a whole network too)
 * and any loss.
 *
 * <p>A layer is reduced to the scalar {@code L = Σ output_i · r_i} with fixed random weights
 * {@code r_i} in [-1, 1), summed in double; backward given {@code r} as the output gradient must then
 * return {@code dL/dx} and accumulate {@code dL/dθ}. Each input and parameter element is perturbed by
 * {@code ±eps}, and {@code (L(+) - L(-)) / (2 eps)} is compared with the analytic value. The step
 * actually taken is measured after rounding to float, so float32 storage does not bias the quotient.
 */
public final class GradientCheck {

    /** The default perturbation: large enough that float32 rounding of the outputs stays small next to it. */
    public static final double EPS = 1e-2;
    /** The default tolerance on the relative error, suited to float32 layers. */
    public static final double TOLERANCE = 1e-2;
    /** Below this magnitude gradients are compared absolutely, since their relative error is noise. */
    private static final double FLOOR = 1e-2;

    private GradientCheck() {
    }

    /** The worst comparison: where it was, and both values. */
    public record Report(double error, String where, double analytic, double numeric, int checked) {
        @Override
        public String toString() {
            return "worst relative error " + error + " at " + where + ": analytic " + analytic + ", numeric "
                    + numeric + " (" + checked + " elements checked)";
        }
    }

    /** Checks every input and parameter gradient of {@code layer} at {@code x}; fails with the worst element. */
    public static Report assertLayerGradients(Layer layer, Tensor x, long seed) {
        return assertLayerGradients(layer, x, seed, TOLERANCE);
    }

    /** {@link #assertLayerGradients(Layer, Tensor, long)} with a tighter or looser relative tolerance. */
    public static Report assertLayerGradients(Layer layer, Tensor x, long seed, double tolerance) {
        Report r = checkLayer(layer, x, seed, EPS);
        assertTrue(r.error() < tolerance, layer.describe() + ": " + r);
        return r;
    }

    /** Checks the gradient of {@code loss} with respect to {@code output}; fails with the worst element. */
    public static Report assertLossGradient(Loss loss, Tensor output, float[] targets) {
        Tensor grad = Tensor.zeros(output.shape());
        loss.sumAndGradient(output, targets, 0, grad);
        Report r = compare("output", output.data(), grad.data(), () -> loss.sum(output, targets, 0), EPS,
                new Report(0, "", 0, 0, 0));
        assertTrue(r.error() < TOLERANCE, loss + ": " + r);
        return r;
    }

    /** The worst relative error over the input and every parameter of {@code layer}. */
    public static Report checkLayer(Layer layer, Tensor x, long seed, double eps) {
        layer.setInputGradientNeeded(true);
        Tensor out = layer.forward(x);
        float[] r = new float[out.size()];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        layer.zeroGrad();
        Tensor dx = layer.backward(Tensor.of(r.clone(), out.shape()));
        DoubleSupplier loss = () -> {
            float[] o = layer.forward(x).data();
            double sum = 0;
            for (int i = 0; i < o.length; i++) {
                sum += (double) o[i] * r[i];
            }
            return sum;
        };
        Report worst = compare("input", x.data(), dx.data(), loss, eps, new Report(0, "", 0, 0, 0));
        for (Parameter p : layer.parameters().values()) {
            if (p.isTrainable()) {
                worst = compare(p.name(), p.data().data(), p.grad().data().clone(), loss, eps, worst);
            }
        }
        return worst;
    }

    private static Report compare(String name, float[] values, float[] analytic, DoubleSupplier loss, double eps,
                                  Report worst) {
        Report result = worst;
        for (int i = 0; i < values.length; i++) {
            float original = values[i];
            float plus = (float) (original + eps);
            float minus = (float) (original - eps);
            values[i] = plus;
            double lossPlus = loss.getAsDouble();
            values[i] = minus;
            double lossMinus = loss.getAsDouble();
            values[i] = original;
            double numeric = (lossPlus - lossMinus) / ((double) plus - minus);
            double a = analytic[i];
            double error = Math.abs(a - numeric) / Math.max(FLOOR, Math.max(Math.abs(a), Math.abs(numeric)));
            int checked = result.checked() + 1;
            result = error > result.error()
                    ? new Report(error, name + "[" + i + "]", a, numeric, checked)
                    : new Report(result.error(), result.where(), result.analytic(), result.numeric(), checked);
        }
        return result;
    }
}
