package dev.lazynet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** im2col + gemm against a direct convolution, col2im as im2col's adjoint, and the interleaved layout. */
class ConvolutionTest {

    /** The textbook seven-loop convolution, in double, with zero padding. */
    static float[] directConvolution(float[] x, float[] w, int batch, int in, int h, int wd, int out, int k,
                                     int stride, int pad, int oh, int ow) {
        float[] y = new float[batch * out * oh * ow];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = 0;
                        for (int c = 0; c < in; c++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = oy * stride - pad + ky;
                                    int ix = ox * stride - pad + kx;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        sum += (double) x[((n * in + c) * h + iy) * wd + ix]
                                                * w[((o * in + c) * k + ky) * k + kx];
                                    }
                                }
                            }
                        }
                        y[((n * out + o) * oh + oy) * ow + ox] = (float) sum;
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "in={0} h={1} w={2} out={3} k={4} stride={5} pad={6}")
    @CsvSource({"1,8,8,3,3,1,0", "2,7,9,4,3,2,1", "3,6,5,2,5,1,2", "2,5,5,3,1,1,0", "1,9,6,2,4,3,1"})
    void im2colTimesWeightsEqualsDirectConvolution(int in, int h, int w, int out, int k, int stride, int pad) {
        int batch = 3;
        float[] x = Tensor.rand(1, batch, in, h, w).data();
        float[] weights = Tensor.rand(2, out, in, k, k).data();
        Convolution conv = new Convolution(in, h, w, k, stride, pad);
        int pixels = conv.columns();
        int ld = pixels * batch;
        float[] interleaved = new float[x.length];
        conv.interleave(x, 0, batch, interleaved, 0);
        float[] cols = new float[conv.rows() * ld];
        conv.im2col(interleaved, 0, batch, cols, 0);
        float[] product = new float[out * ld];
        Blas.current().gemm(false, false, out, ld, conv.rows(), 1f, weights, cols, 0f, product);
        float[] y = new float[batch * out * pixels];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                for (int p = 0; p < pixels; p++) {
                    y[(n * out + o) * pixels + p] = product[o * ld + p * batch + n];
                }
            }
        }
        float[] expected = directConvolution(x, weights, batch, in, h, w, out, k, stride, pad,
                conv.outHeight(), conv.outWidth());
        assertArrayEquals(expected, y, 1e-4f);
    }

    @Test
    void im2colPutsTheSamplesOfAPixelSideBySide() {
        Convolution conv = new Convolution(1, 3, 3, 2, 1, 0);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90};
        float[] interleaved = new float[x.length];
        conv.interleave(x, 0, 2, interleaved, 0);
        assertArrayEquals(new float[] {1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60, 7, 70, 8, 80, 9, 90}, interleaved);
        float[] cols = new float[4 * 8];
        conv.im2col(interleaved, 0, 2, cols, 0);
        assertArrayEquals(new float[] {
            1, 10, 2, 20, 4, 40, 5, 50,
            2, 20, 3, 30, 5, 50, 6, 60,
            4, 40, 5, 50, 7, 70, 8, 80,
            5, 50, 6, 60, 8, 80, 9, 90}, cols);
    }

    @Test
    void deinterleaveUndoesInterleaveAtAnyOffset() {
        Convolution conv = new Convolution(2, 3, 4, 2, 1, 0);
        int samples = 3;
        float[] x = Tensor.rand(6, samples + 1, 2, 3, 4).data();
        float[] interleaved = new float[5 + samples * conv.inputSize()];
        conv.interleave(x, conv.inputSize(), samples, interleaved, 5);
        float[] back = new float[x.length];
        conv.deinterleave(interleaved, 5, samples, back, conv.inputSize());
        assertArrayEquals(Arrays.copyOfRange(x, conv.inputSize(), x.length),
                Arrays.copyOfRange(back, conv.inputSize(), back.length));
    }

    @ParameterizedTest(name = "k={0} stride={1} pad={2}")
    @CsvSource({"3,1,1", "3,2,0", "2,2,1", "4,1,3"})
    void col2imIsTheAdjointOfIm2colOverABatch(int k, int stride, int pad) {
        Convolution conv = new Convolution(2, 5, 6, k, stride, pad);
        int samples = 3;
        int ld = samples * conv.columns();
        float[] x = Tensor.rand(3, samples, 2, 5, 6).data();
        float[] c = Tensor.rand(4, conv.rows(), ld).data();
        float[] cols = new float[c.length];
        conv.im2col(x, 0, samples, cols, 0);
        float[] back = new float[x.length];
        conv.col2im(c, 0, samples, back, 0);
        double lhs = 0;
        for (int i = 0; i < c.length; i++) {
            lhs += (double) cols[i] * c[i];
        }
        double rhs = 0;
        for (int i = 0; i < x.length; i++) {
            rhs += (double) x[i] * back[i];
        }
        assertEquals(lhs, rhs, 1e-4 * Math.abs(lhs));
    }

    @ParameterizedTest(name = "k={0} stride={1} pad={2}")
    @CsvSource({"3,1,1", "3,2,2", "4,1,3", "5,3,0"})
    void im2colOverwritesWhateverAReusedColumnBufferHeld(int k, int stride, int pad) {
        Convolution conv = new Convolution(2, 7, 6, k, stride, pad);
        float[] x = Tensor.rand(5, 2, 2, 7, 6).data();
        float[] fresh = new float[conv.rows() * conv.columns() * 2];
        conv.im2col(x, 0, 2, fresh, 0);
        float[] stale = new float[fresh.length];
        Arrays.fill(stale, Float.NaN);
        conv.im2col(x, 0, 2, stale, 0);
        assertArrayEquals(fresh, stale);
    }

    @Test
    void outputSizeFollowsTheFloorFormula() {
        assertEquals(24, Convolution.outputSize(28, 5, 1, 0));
        assertEquals(14, Convolution.outputSize(28, 3, 2, 1));
        assertEquals(1, Convolution.outputSize(2, 4, 1, 1));
    }

    @Test
    void kernelLargerThanThePaddedInputIsRefusedWithBothSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Convolution.outputSize(4, 7, 1, 1));
        assertTrue(e.getMessage().contains("kernel size 7") && e.getMessage().contains("padded input size 6"),
                e.getMessage());
    }

    @Test
    void nonPositiveGeometryIsRefusedWithTheValue() {
        IllegalArgumentException stride = assertThrows(IllegalArgumentException.class,
                () -> new Convolution(1, 5, 5, 3, 0, 0));
        assertTrue(stride.getMessage().contains("stride=0"), stride.getMessage());
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> new Convolution(-2, 5, 5, 3, 1, 0));
        assertTrue(channels.getMessage().contains("channels=-2"), channels.getMessage());
    }
}
