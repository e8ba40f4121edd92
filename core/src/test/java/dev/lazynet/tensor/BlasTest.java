package dev.lazynet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlasTest {

    /** Element (i, j) of op(M), for a row-major matrix M stored with {@code cols} columns. */
    private static double at(float[] m, boolean trans, int cols, int i, int j) {
        return trans ? m[j * cols + i] : m[i * cols + j];
    }

    @Test
    void theJavaImplementationIsAlwaysAvailable() {
        List<Blas.Implementation> available = Blas.available();
        assertFalse(available.isEmpty());
        assertTrue(available.contains(Blas.Implementation.JAVA), available.toString());
        assertTrue(available.contains(Blas.current().implementation()), available + " vs " + Blas.current().describe());
    }

    /** The layers write products into reused buffers with beta 0 and rely on this to skip clearing them. */
    @Test
    void gemmWithZeroBetaIgnoresWhatTheOutputHeldEvenNaN() {
        int m = 6;
        int n = 5;
        int k = 4;
        float[] a = Tensor.rand(1, m * k).data();
        float[] b = Tensor.rand(2, k * n).data();
        for (Blas.Implementation impl : Blas.available()) {
            Blas blas = Blas.of(impl);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] clean = new float[m * n];
                    blas.gemm(ta, tb, m, n, k, 1f, a, b, 0f, clean);
                    float[] stale = new float[m * n];
                    Arrays.fill(stale, Float.NaN);
                    blas.gemm(ta, tb, m, n, k, 1f, a, b, 0f, stale);
                    assertArrayEquals(clean, stale, impl + " transA=" + ta
                            + " transB=" + tb);
                }
            }
        }
    }

    @Test
    void gemmMatchesANaiveProductForEveryTransposeAndImplementation() {
        int m = 5;
        int n = 7;
        int k = 3;
        float alpha = 1.5f;
        float beta = 0.5f;
        for (Blas.Implementation impl : Blas.available()) {
            Blas blas = Blas.of(impl);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] a = Tensor.rand(1, m * k).data();
                    float[] b = Tensor.rand(2, k * n).data();
                    float[] c = Tensor.rand(3, m * n).data();
                    float[] expected = new float[m * n];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = 0;
                            for (int p = 0; p < k; p++) {
                                s += at(a, ta, ta ? m : k, i, p) * at(b, tb, tb ? k : n, p, j);
                            }
                            expected[i * n + j] = (float) (alpha * s + beta * c[i * n + j]);
                        }
                    }
                    blas.gemm(ta, tb, m, n, k, alpha, a, b, beta, c);
                    for (int i = 0; i < m * n; i++) {
                        assertEquals(expected[i], c[i], 1e-5, impl + " transA=" + ta + " transB=" + tb + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void gemmHonoursOffsets() {
        float[] a = {9, 1, 2, 3, 4};
        float[] b = {9, 9, 1, 0, 0, 1};
        float[] c = {7, 0, 0, 0, 0};
        Blas.of(Blas.Implementation.JAVA).gemm(false, false, 2, 2, 2, 1f, a, 1, b, 2, 0f, c, 1);
        assertEquals(7f, c[0]);
        assertEquals(1f, c[1]);
        assertEquals(2f, c[2]);
        assertEquals(3f, c[3]);
        assertEquals(4f, c[4]);
    }
}
