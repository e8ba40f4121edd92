package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazynet.tensor.Tensor;
import java.util.Map;

/**
 * Checks a layer's backward pass against central differences of the scalar {@code L = Σ output · r},
 * whose gradient with respect to the output is the fixed random tensor {@code r}.
 *
 * <p>The layer computes in float32, so the step is large enough (1e-3) for float rounding to stay far
 * below the tolerance, and the loss itself is summed in double.
 */
final class NumericGradient {

    private static final float STEP = 1e-3f;

    private NumericGradient() {
    }

    /**
     * Asserts that every parameter gradient and (when the layer returns one) the input gradient agree
     * with central differences within {@code tolerance}, relative to {@code max(1, |numeric|)}.
     */
    static void check(Layer layer, Tensor input, long seed, double tolerance) {
        Tensor x = input.copy();
        Tensor out = layer.forward(x);
        Tensor r = Tensor.rand(seed, out.shape().dims());
        for (int i = 0; i < r.size(); i++) {
            r.data()[i] = r.data()[i] * 2f - 1f;
        }
        layer.zeroGrad();
        Tensor inputGrad = layer.backward(r);
        for (Map.Entry<String, Parameter> e : layer.parameters().entrySet()) {
            float[] values = e.getValue().data().data();
            float[] analytic = e.getValue().grad().data().clone();
            for (int i = 0; i < values.length; i++) {
                double numeric = centralDifference(layer, x, r, values, i);
                assertEquals(numeric, analytic[i], tolerance * Math.max(1, Math.abs(numeric)),
                        layer.describe() + ": d/d " + e.getKey() + "[" + i + "]");
            }
        }
        if (inputGrad != null) {
            for (int i = 0; i < x.size(); i++) {
                double numeric = centralDifference(layer, x, r, x.data(), i);
                assertEquals(numeric, inputGrad.data()[i], tolerance * Math.max(1, Math.abs(numeric)),
                        layer.describe() + ": d/d input[" + i + "]");
            }
        }
    }

    private static double centralDifference(Layer layer, Tensor x, Tensor r, float[] values, int i) {
        float saved = values[i];
        float up = saved + STEP;
        float down = saved - STEP;
        values[i] = up;
        double plus = weightedSum(layer.forward(x), r);
        values[i] = down;
        double minus = weightedSum(layer.forward(x), r);
        values[i] = saved;
        // The float steps are not exactly 2·STEP apart; divide by the distance actually taken.
        return (plus - minus) / ((double) up - down);
    }

    private static double weightedSum(Tensor out, Tensor r) {
        double s = 0;
        for (int i = 0; i < out.size(); i++) {
            s += (double) out.data()[i] * r.data()[i];
        }
        return s;
    }
}
