package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Blas;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DenseTest {

    /** {@code W = [[1, 2, 3], [4, 5, 6]]}, {@code b = [0.5, -1]}. */
    private static Dense known(Activation act) {
        Dense d = new Dense(2, act);
        d.weight().setData(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        d.bias().setData(Tensor.of(new float[] {0.5f, -1f}, 2));
        return d;
    }

    private static final Tensor X = Tensor.of(new float[] {1, 0, -1, 2, 1, 0}, 2, 3);

    @Test
    void forwardComputesXTimesWTransposedPlusBias() {
        Tensor y = known(Activation.NONE).forward(X);
        assertArrayEquals(new float[] {-1.5f, -3f, 4.5f, 12f}, y.data());
    }

    @Test
    void reluZeroesNegativeOutputsAndTheirGradients() {
        Dense d = known(Activation.RELU);
        assertArrayEquals(new float[] {0f, 0f, 4.5f, 12f}, d.forward(X).data());
        Tensor dx = d.backward(Tensor.of(new float[] {1, 1, 1, 1}, 2, 2));
        assertArrayEquals(new float[] {2, 1, 0, 2, 1, 0}, d.weight().grad().data());
        assertArrayEquals(new float[] {1, 1}, d.bias().grad().data());
        assertArrayEquals(new float[] {0, 0, 0, 5, 7, 9}, dx.data());
    }

    @Test
    void backwardAccumulatesUntilZeroGrad() {
        Dense d = known(Activation.NONE);
        Tensor g = Tensor.of(new float[] {1, 0, 0, 1}, 2, 2);
        d.forward(X);
        d.backward(g);
        d.backward(g);
        assertArrayEquals(new float[] {2, 0, -2, 4, 2, 0}, d.weight().grad().data());
        d.zeroGrad();
        assertArrayEquals(new float[6], d.weight().grad().data());
    }

    @Test
    void aLayerThatNeedsNoInputGradientReturnsNull() {
        Dense d = known(Activation.NONE);
        d.setInputGradientNeeded(false);
        d.forward(X);
        assertNull(d.backward(Tensor.zeros(2, 2)));
    }

    @Test
    void theFirstLayerOfASequentialComputesNoInputGradientOnlyWhenAskedNotTo() {
        Sequential net = new Sequential().add(known(Activation.NONE));
        net.forward(X);
        assertEquals(Shape.of(2, 3), net.backward(Tensor.zeros(2, 2)).shape());
        net.setInputGradientNeeded(false);
        net.forward(X);
        assertNull(net.backward(Tensor.zeros(2, 2)));
    }

    @Test
    void inputsWithMoreDimensionsAreFlattenedAndTheirGradientKeepsTheShape() {
        Dense d = new Dense(4, Activation.TANH);
        d.initialize(Initializers.xavier(), false, 3);
        Tensor x = Tensor.rand(1, 2, 3, 5);
        Tensor y = d.forward(x);
        assertEquals(Shape.of(2, 4), y.shape());
        assertEquals(Shape.of(4, 15), d.weight().shape());
        assertEquals(Shape.of(2, 3, 5), d.backward(Tensor.zeros(2, 4)).shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 4), d.inferShape(Shape.of(Shape.UNKNOWN, 3, 5)));
    }

    @Test
    void gradientsMatchCentralDifferencesForEveryActivation() {
        for (Activation act : Activation.values()) {
            Dense d = new Dense(5, act);
            d.initialize(Initializers.xavier(), false, 11);
            Tensor x = Tensor.rand(2, 3, 4);
            GradientCheck.assertLayerGradients(d, x, 5, 2e-3);
        }
    }

    @Test
    void gradientsOfATwoLayerNetworkMatchCentralDifferences() {
        Sequential net = new Sequential().add(new Dense(6, Activation.SIGMOID), new Dense(3, Activation.TANH));
        net.initialize(Initializers.xavier(), false, 4);
        GradientCheck.assertLayerGradients(net, Tensor.rand(9, 4, 5), 6, 2e-3);
    }

    @Test
    void everyBlasImplementationGivesTheSameForwardAndBackward() {
        int batch = 33;
        int in = 70;
        int units = 45;
        Tensor x = Tensor.rand(1, batch, in);
        Tensor g = Tensor.rand(2, batch, units);
        Dense reference = new Dense(units, Activation.TANH);
        reference.initialize(Initializers.xavier(), false, 3);
        reference.inferShape(x.shape());
        double[] w = toDouble(reference.weight().data().data());
        double[] b = toDouble(reference.bias().data().data());

        double[] y = new double[batch * units];
        double[] dz = new double[batch * units];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < units; j++) {
                double s = b[j];
                for (int k = 0; k < in; k++) {
                    s += x.data()[r * in + k] * w[j * in + k];
                }
                y[r * units + j] = Math.tanh(s);
                dz[r * units + j] = g.data()[r * units + j] * (1 - y[r * units + j] * y[r * units + j]);
            }
        }
        double[] dw = new double[units * in];
        double[] db = new double[units];
        double[] dx = new double[batch * in];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < units; j++) {
                db[j] += dz[r * units + j];
                for (int k = 0; k < in; k++) {
                    dw[j * in + k] += dz[r * units + j] * x.data()[r * in + k];
                    dx[r * in + k] += dz[r * units + j] * w[j * in + k];
                }
            }
        }

        Blas original = Blas.current();
        try {
            for (Blas.Implementation impl : Blas.available()) {
                Blas.use(impl);
                Dense d = new Dense(units, Activation.TANH);
                d.initialize(Initializers.xavier(), false, 3);
                Tensor out = d.forward(x);
                Tensor gradIn = d.backward(g);
                assertClose(y, out.data(), impl + " output");
                assertClose(dw, d.weight().grad().data(), impl + " weight gradient");
                assertClose(db, d.bias().grad().data(), impl + " bias gradient");
                assertClose(dx, gradIn.data(), impl + " input gradient");
            }
        } finally {
            Blas.use(original.implementation());
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Within 1e-4 relative to the largest magnitude of the expected array. */
    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * scale, what + " at " + i);
        }
    }

    @Test
    void aNonPositiveNumberOfUnitsIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        IllegalArgumentException in = assertThrows(IllegalArgumentException.class, () -> new Dense(3).inUnits(-2));
        assertTrue(in.getMessage().contains("-2"), in.getMessage());
    }

    @Test
    void inUnitsCannotChangeAKnownInputSize() {
        Dense d = new Dense(3).inUnits(4);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> d.inUnits(5));
        assertTrue(e.getMessage().contains("(3, 4)") && e.getMessage().contains("(3, 5)"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> known(Activation.NONE).backward(Tensor.zeros(2, 2)));
        assertTrue(e.getMessage().contains("before forward"), e.getMessage());
    }

    @Test
    void aGradientOfTheWrongShapeNamesBothShapes() {
        Dense d = known(Activation.NONE);
        d.forward(X);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> d.backward(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("(2, 2)") && e.getMessage().contains("(3, 2)"), e.getMessage());
    }

    @Test
    void describeAndSpecNameUnitsAndActivation() {
        assertEquals("Dense(256, relu)", new Dense(256, Activation.RELU).describe());
        assertEquals("Dense(10)", new Dense(10).describe());
        assertEquals("dense(256,relu) dense(10)",
                new Sequential().add(new Dense(256, Activation.RELU), new Dense(10)).spec());
    }
}
