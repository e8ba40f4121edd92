package dev.lazynet.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelsTest {

    private static final int ROWS = 7;
    private static final int COLS = 13;

    /** Values spread over [-8, 8), where every activation has curvature. */
    private static float[] inputs() {
        float[] x = Tensor.rand(5, ROWS * COLS).data();
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] * 16f - 8f;
        }
        return x;
    }

    @Test
    void reluMatchesMaxWithZeroAndItsBackwardMasksNonPositiveOutputs() {
        float[] x = inputs();
        float[] y = new float[x.length];
        Kernels.relu(x, y, x.length);
        float[] g = new float[x.length];
        java.util.Arrays.fill(g, 3f);
        Kernels.reluBackward(y, g, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.max(0.0, x[i]), y[i], 0.0);
            assertEquals(x[i] > 0 ? 3f : 0f, g[i], 0.0);
        }
    }

    @Test
    void sigmoidMatchesTheLogisticFunctionAndItsDerivative() {
        float[] x = inputs();
        float[] y = new float[x.length];
        Kernels.sigmoid(x, y, x.length);
        float[] g = new float[x.length];
        java.util.Arrays.fill(g, 1f);
        Kernels.sigmoidBackward(y, g, x.length);
        for (int i = 0; i < x.length; i++) {
            double s = 1.0 / (1.0 + Math.exp(-x[i]));
            assertEquals(s, y[i], 1e-6);
            assertEquals(s * (1 - s), g[i], 1e-6);
        }
    }

    @Test
    void sigmoidSaturatesWithoutOverflow() {
        float[] x = {-1000f, 1000f, -90f};
        float[] y = new float[3];
        Kernels.sigmoid(x, y, 3);
        assertEquals(0f, y[0]);
        assertEquals(1f, y[1]);
        assertTrue(y[2] >= 0f && y[2] < 1e-30f, "sigmoid(-90) = " + y[2]);
    }

    @Test
    void tanhMatchesMathTanhAndItsDerivative() {
        float[] x = inputs();
        float[] y = x.clone();
        Kernels.tanh(y, y, y.length);
        float[] g = new float[x.length];
        java.util.Arrays.fill(g, 2f);
        Kernels.tanhBackward(y, g, x.length);
        for (int i = 0; i < x.length; i++) {
            double t = Math.tanh(x[i]);
            assertEquals(t, y[i], 1e-6);
            assertEquals(2 * (1 - t * t), g[i], 1e-5);
        }
    }

    @Test
    void softmaxMatchesTheNaiveFormulaRowByRow() {
        float[] x = inputs();
        float[] y = new float[x.length];
        Kernels.softmax(x, y, ROWS, COLS);
        for (int r = 0; r < ROWS; r++) {
            double sum = 0;
            for (int j = 0; j < COLS; j++) {
                sum += Math.exp(x[r * COLS + j]);
            }
            for (int j = 0; j < COLS; j++) {
                assertEquals(Math.exp(x[r * COLS + j]) / sum, y[r * COLS + j], 1e-6);
            }
        }
    }

    @Test
    void logSoftmaxMatchesTheNaiveFormulaRowByRow() {
        float[] x = inputs();
        float[] y = x.clone();
        Kernels.logSoftmax(y, y, ROWS, COLS);
        for (int r = 0; r < ROWS; r++) {
            double sum = 0;
            for (int j = 0; j < COLS; j++) {
                sum += Math.exp(x[r * COLS + j]);
            }
            for (int j = 0; j < COLS; j++) {
                assertEquals(x[r * COLS + j] - Math.log(sum), y[r * COLS + j], 1e-5);
            }
        }
    }

    @Test
    void softmaxOfHugeLogitsIsFiniteAndSumsToOne() {
        float[] x = {1000f, -1000f, 999f, -1000f, -1000f, -1000f};
        float[] y = new float[x.length];
        Kernels.softmax(x, y, 2, 3);
        for (int r = 0; r < 2; r++) {
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                float v = y[r * 3 + j];
                assertTrue(Float.isFinite(v), "softmax value " + v);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-6);
        }
        assertEquals(1 / (1 + Math.exp(-1)), y[0], 1e-6);
        assertEquals(0f, y[1]);
        assertEquals(1 / 3.0, y[3], 1e-6);
    }

    @Test
    void logSoftmaxOfHugeLogitsStaysFiniteWhereSoftmaxUnderflows() {
        float[] x = {1000f, -1000f};
        float[] y = new float[2];
        Kernels.logSoftmax(x, y, 1, 2);
        assertEquals(0f, y[0], 1e-6);
        assertEquals(-2000f, y[1], 1e-3);
    }

    @Test
    void biasKernelsAddAndSumByColumn() {
        float[] x = {1, 2, 3, 4, 5, 6};
        Kernels.addRowVector(x, 2, 3, new float[] {10, 20, 30});
        assertEquals(11f, x[0]);
        assertEquals(36f, x[5]);
        float[] sum = {1, 1, 1};
        Kernels.sumRowsInto(new float[] {1, 2, 3, 4, 5, 6}, 2, 3, sum);
        assertEquals(6f, sum[0]);
        assertEquals(8f, sum[1]);
        assertEquals(10f, sum[2]);
    }
}
