package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Blas;
import dev.lazynet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gemm and a convolution give the same results, within float tolerance, on every BLAS that loads here. */
class BlasPathsTest {

    private Blas.Implementation original;

    @BeforeEach
    void rememberTheBlas() {
        original = Blas.current().implementation();
    }

    @AfterEach
    void restoreTheBlas() {
        Blas.use(original);
    }

    /** Runs {@code compute} once per available implementation and checks every result against the first. */
    private static void assertSameOnEveryPath(Supplier<float[]> compute) {
        List<Blas.Implementation> paths = Blas.available();
        assertTrue(paths.contains(Blas.Implementation.JAVA), "the plain Java BLAS always loads: " + paths);
        List<float[]> results = new ArrayList<>();
        for (Blas.Implementation impl : paths) {
            Blas.use(impl);
            assertEquals(impl, Blas.current().implementation());
            results.add(compute.get());
        }
        float[] reference = results.get(0);
        for (int p = 1; p < results.size(); p++) {
            float[] other = results.get(p);
            assertEquals(reference.length, other.length);
            for (int i = 0; i < reference.length; i++) {
                double scale = Math.max(1e-3, Math.abs(reference[i]));
                assertEquals(0, (other[i] - reference[i]) / scale, 1e-4,
                        paths.get(p) + " vs " + paths.get(0) + " at element " + i);
            }
        }
    }

    @Test
    void gemmAgreesOnEveryPathForEveryTransposition() {
        float[] a = Tensor.rand(1, 37, 53).data();
        float[] b = Tensor.rand(2, 53, 41).data();
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                assertSameOnEveryPath(() -> {
                    float[] c = Tensor.rand(3, 37, 41).data();
                    Blas.current().gemm(transA, transB, 37, 41, 53, 0.5f, a, b, 2f, c);
                    return c;
                });
            }
        }
    }

    @Test
    void conv2dForwardAndBackwardAgreeOnEveryPath() {
        Tensor x = Tensor.rand(4, 3, 2, 13, 11);
        assertSameOnEveryPath(() -> {
            Conv2d conv = new Conv2d(5, 3).stride(2).padding(1);
            conv.initialize(Initializers.xavier(), false, 9);
            Tensor y = conv.forward(x);
            Tensor dx = conv.backward(Tensor.rand(5, y.shape().dims()));
            float[] w = conv.weight().grad().data();
            float[] all = new float[y.size() + dx.size() + w.length];
            System.arraycopy(y.data(), 0, all, 0, y.size());
            System.arraycopy(dx.data(), 0, all, y.size(), dx.size());
            System.arraycopy(w, 0, all, y.size() + dx.size(), w.length);
            return all;
        });
    }
}
