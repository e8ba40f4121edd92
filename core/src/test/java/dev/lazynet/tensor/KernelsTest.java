package dev.lazynet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        Kernels.relu(x, 0, y, 0, x.length);
        float[] g = new float[x.length];
        java.util.Arrays.fill(g, 3f);
        Kernels.reluBackward(y, 0, g, 0, g, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.max(0.0, x[i]), y[i], 0.0);
            assertEquals(x[i] > 0 ? 3f : 0f, g[i], 0.0);
        }
    }

    @Test
    void reluKeepsTheGradientBitsExactlyWhereTheOutputIsPositiveAndGivesPlusZeroElsewhere() {
        float[] y = {2f, Float.MIN_VALUE, 0f, -0f, -3f, Float.NEGATIVE_INFINITY, Float.MAX_VALUE};
        float[] g = {-1.5f, 7f, -2f, 3f, 4f, -5f, Float.NaN};
        float[] out = new float[y.length];
        Kernels.reluBackward(y, 0, g, 0, out, 0, y.length);
        assertArrayEquals(new float[] {-1.5f, 7f, 0f, 0f, 0f, 0f, Float.NaN}, out);
        float[] x = {-0f, -1f, 0.5f, Float.NaN};
        Kernels.relu(x, 0, x, 0, x.length);
        assertArrayEquals(new float[] {0f, 0f, 0.5f, Float.NaN}, x, "negative zero becomes +0; NaN propagates");
    }

    @Test
    void reluGivesTheBitsOfMathMaxWithZeroForEverySpecialValueAndSeededRandomBits() {
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xffc00000),
            Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0xff800001)};
        Random random = new Random(7);
        float[] x = Arrays.copyOf(special, special.length + 1000);
        for (int i = special.length; i < x.length; i++) {
            x[i] = Float.intBitsToFloat(random.nextInt());
        }
        float[] out = new float[x.length];
        Kernels.relu(x, 0, out, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(Math.max(x[i], 0f)), Float.floatToRawIntBits(out[i]),
                    "relu of the float with bits " + Integer.toHexString(Float.floatToRawIntBits(x[i])));
        }
    }

    @Test
    void sigmoidMatchesTheLogisticFunctionAndItsDerivative() {
        float[] x = inputs();
        float[] y = new float[x.length];
        Kernels.sigmoid(x, 0, y, 0, x.length);
        float[] g = new float[x.length];
        java.util.Arrays.fill(g, 1f);
        Kernels.sigmoidBackward(y, 0, g, 0, g, 0, x.length);
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
        Kernels.sigmoid(x, 0, y, 0, 3);
        assertEquals(0f, y[0]);
        assertEquals(1f, y[1]);
        assertTrue(y[2] >= 0f && y[2] < 1e-30f, "sigmoid(-90) = " + y[2]);
    }

    @Test
    void tanhMatchesMathTanhAndItsDerivative() {
        float[] x = inputs();
        float[] y = x.clone();
        Kernels.tanh(y, 0, y, 0, y.length);
        float[] g = new float[x.length];
        java.util.Arrays.fill(g, 2f);
        Kernels.tanhBackward(y, 0, g, 0, g, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double t = Math.tanh(x[i]);
            assertEquals(t, y[i], 1e-6);
            assertEquals(2 * (1 - t * t), g[i], 1e-5);
        }
    }

    /** An activation kernel: {@code n} elements from {@code x[xOffset]} to {@code out[outOffset]}. */
    interface Forward {
        void apply(float[] x, int xOffset, float[] out, int outOffset, int n);
    }

    /** Its backward kernel, given the activation's output {@code y}. */
    interface Backward {
        void apply(float[] y, int yOffset, float[] grad, int gradOffset, float[] out, int outOffset, int n);
    }

    static Stream<Arguments> activationKernels() {
        return Stream.of(
                Arguments.of("relu", (Forward) Kernels::relu, (Backward) Kernels::reluBackward),
                Arguments.of("sigmoid", (Forward) Kernels::sigmoid, (Backward) Kernels::sigmoidBackward),
                Arguments.of("tanh", (Forward) Kernels::tanh, (Backward) Kernels::tanhBackward));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activationKernels")
    void activationKernelsWorkOnSlicesOutOfPlaceAndLeaveTheRestAlone(String name, Forward forward,
                                                                       Backward backward) {
        float[] x = inputs();
        float[] grad = Tensor.rand(6, x.length).data();
        int from = 5;
        int to = 11;
        int n = 20;
        float[] y = x.clone();
        forward.apply(y, 0, y, 0, y.length);
        float[] gradInPlace = grad.clone();
        backward.apply(y, 0, gradInPlace, 0, gradInPlace, 0, y.length);
        float[] sliced = new float[x.length];
        forward.apply(x, from, sliced, to, n);
        float[] gradSliced = new float[x.length];
        backward.apply(y, from, grad, from, gradSliced, to, n);
        for (int i = 0; i < x.length; i++) {
            boolean inSlice = i >= to && i < to + n;
            assertEquals(inSlice ? y[i - to + from] : 0f, sliced[i], 0.0, name + " at " + i);
            assertEquals(inSlice ? gradInPlace[i - to + from] : 0f, gradSliced[i], 0.0, name + "' at " + i);
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
    void biasGradientSumsByColumn() {
        float[] sum = {1, 1, 1};
        Kernels.sumRowsInto(new float[] {1, 2, 3, 4, 5, 6}, 2, 3, sum);
        assertEquals(6f, sum[0]);
        assertEquals(8f, sum[1]);
        assertEquals(10f, sum[2]);
    }
}
