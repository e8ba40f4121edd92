package dev.lazynet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Max and average pooling, forward and backward, against naive loops. */
class PoolingTest {

    private static float naiveWindow(float[] x, int plane, int h, int w, int k, int s, int oy, int ox, boolean max) {
        double acc = max ? Double.NEGATIVE_INFINITY : 0;
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                float v = x[plane * h * w + (oy * s + ky) * w + ox * s + kx];
                acc = max ? Math.max(acc, v) : acc + v;
            }
        }
        return (float) (max ? acc : acc / (k * k));
    }

    @ParameterizedTest(name = "h={0} w={1} k={2} stride={3}")
    @CsvSource({"4,4,2,2", "7,5,3,2", "6,6,3,1", "5,8,2,3", "3,3,3,3"})
    void maxAndAverageEqualNaiveLoops(int h, int w, int k, int s) {
        int planes = 3;
        float[] x = Tensor.rand(5, planes, h, w).data();
        Pooling pool = new Pooling(h, w, k, s);
        int oh = pool.outHeight();
        int ow = pool.outWidth();
        assertEquals((h - k) / s + 1, oh);
        float[] max = new float[planes * oh * ow];
        int[] argmax = new int[max.length];
        float[] avg = new float[max.length];
        pool.max(x, planes, max, argmax);
        pool.average(x, planes, avg);
        float[] naiveMax = new float[max.length];
        float[] naiveAvg = new float[max.length];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int o = (p * oh + oy) * ow + ox;
                    naiveMax[o] = naiveWindow(x, p, h, w, k, s, oy, ox, true);
                    naiveAvg[o] = naiveWindow(x, p, h, w, k, s, oy, ox, false);
                }
            }
        }
        assertArrayEquals(naiveMax, max);
        assertArrayEquals(naiveAvg, avg, 1e-6f);
        for (int o = 0; o < max.length; o++) {
            assertEquals(max[o], x[argmax[o]], "argmax points at the maximum of output " + o);
        }
    }

    @Test
    void maxBackwardRoutesEachGradientToItsMaximumAndSumsOverlaps() {
        float[] x = {
            1, 9, 2,
            3, 4, 5,
            0, 6, 8};
        Pooling pool = new Pooling(3, 3, 2, 1);
        float[] out = new float[4];
        int[] argmax = new int[4];
        pool.max(x, 1, out, argmax);
        assertArrayEquals(new float[] {9, 9, 6, 8}, out);
        float[] dx = new float[9];
        Pooling.maxBackward(new float[] {1, 2, 3, 4}, argmax, 4, dx);
        assertArrayEquals(new float[] {0, 3, 0, 0, 0, 0, 0, 3, 4}, dx);
    }

    @Test
    void averageBackwardSpreadsEachGradientOverItsWindow() {
        Pooling pool = new Pooling(3, 4, 2, 2);
        float[] dx = new float[12];
        pool.averageBackward(new float[] {4, 8}, 1, dx);
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 0, 0, 0, 0}, dx);
    }

    @Test
    void firstMaximumWinsATie() {
        Pooling pool = new Pooling(2, 2, 2, 2);
        float[] out = new float[1];
        int[] argmax = new int[1];
        pool.max(new float[] {5, 5, 5, 5}, 1, out, argmax);
        assertEquals(0, argmax[0]);
    }

    @Test
    void windowLargerThanThePlaneIsRefusedWithBothSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Pooling(3, 5, 4, 1));
        assertTrue(e.getMessage().contains("kernel size 4") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void nonPositiveSizesAreRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Pooling(0, 5, 2, 2));
        assertTrue(e.getMessage().contains("height=0"), e.getMessage());
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> new Pooling(4, 4, -1, 2));
        assertTrue(k.getMessage().contains("kernel=-1"), k.getMessage());
    }
}
