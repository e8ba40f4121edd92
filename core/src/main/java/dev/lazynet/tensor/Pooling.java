package dev.lazynet.tensor;

/**
 * The geometry of square, unpadded 2-d pooling over {@code height × width} planes, with max and
 * average kernels and their backward passes.
 *
 * <p>A batch of NCHW tensors is {@code batch · channels} independent planes laid end to end, so every
 * method takes the number of planes and walks them in one loop. Max pooling records, for each output,
 * the index of the input element it came from; the backward pass routes each gradient to exactly
 * that element, which is the derivative of max where the maximum is unique (the first maximum wins a
 * tie, as in PyTorch).
 */
public final class Pooling {

    private final int height;
    private final int width;
    private final int kernel;
    private final int stride;
    private final int outHeight;
    private final int outWidth;

    /**
     * Pooling of {@code height × width} planes with a {@code kernel × kernel} window moved by
     * {@code stride}.
     *
     * @throws IllegalArgumentException if a size is not positive or the window is larger than the plane,
     *     naming the sizes
     */
    public Pooling(int height, int width, int kernel, int stride) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("Pooling needs positive plane sizes, but got height=" + height
                    + ", width=" + width);
        }
        this.height = height;
        this.width = width;
        this.kernel = kernel;
        this.stride = stride;
        this.outHeight = Convolution.outputSize(height, kernel, stride, 0);
        this.outWidth = Convolution.outputSize(width, kernel, stride, 0);
    }

    /** The output height, {@code floor((height - kernel) / stride) + 1}. */
    public int outHeight() {
        return outHeight;
    }

    /** The output width. */
    public int outWidth() {
        return outWidth;
    }

    /**
     * Max pooling of {@code planes} planes: {@code out} gets {@code planes · outHeight · outWidth} maxima,
     * and {@code argmax} the index into {@code x} of each one.
     */
    public void max(float[] x, int planes, float[] out, int[] argmax) {
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int plane = p * height * width;
            for (int oy = 0; oy < outHeight; oy++) {
                for (int ox = 0; ox < outWidth; ox++) {
                    int top = plane + oy * stride * width + ox * stride;
                    int best = top;
                    float max = x[top];
                    for (int ky = 0; ky < kernel; ky++) {
                        int row = top + ky * width;
                        for (int kx = 0; kx < kernel; kx++) {
                            float v = x[row + kx];
                            if (v > max) {
                                max = v;
                                best = row + kx;
                            }
                        }
                    }
                    out[o] = max;
                    argmax[o] = best;
                    o++;
                }
            }
        }
    }

    /**
     * Adds each output gradient to the input element its maximum came from; {@code gradIn} is
     * accumulated into.
     *
     * @param count the number of outputs, {@code planes · outHeight · outWidth}
     */
    public static void maxBackward(float[] gradOut, int[] argmax, int count, float[] gradIn) {
        for (int i = 0; i < count; i++) {
            gradIn[argmax[i]] += gradOut[i];
        }
    }

    /** Average pooling of {@code planes} planes into {@code out}; every window is full, so it divides by k². */
    public void average(float[] x, int planes, float[] out) {
        float scale = 1f / (kernel * kernel);
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int plane = p * height * width;
            for (int oy = 0; oy < outHeight; oy++) {
                for (int ox = 0; ox < outWidth; ox++) {
                    int top = plane + oy * stride * width + ox * stride;
                    float sum = 0f;
                    for (int ky = 0; ky < kernel; ky++) {
                        int row = top + ky * width;
                        for (int kx = 0; kx < kernel; kx++) {
                            sum += x[row + kx];
                        }
                    }
                    out[o++] = sum * scale;
                }
            }
        }
    }

    /** Spreads each output gradient evenly over its window; {@code gradIn} is accumulated into. */
    public void averageBackward(float[] gradOut, int planes, float[] gradIn) {
        float scale = 1f / (kernel * kernel);
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int plane = p * height * width;
            for (int oy = 0; oy < outHeight; oy++) {
                for (int ox = 0; ox < outWidth; ox++) {
                    int top = plane + oy * stride * width + ox * stride;
                    float g = gradOut[o++] * scale;
                    for (int ky = 0; ky < kernel; ky++) {
                        int row = top + ky * width;
                        for (int kx = 0; kx < kernel; kx++) {
                            gradIn[row + kx] += g;
                        }
                    }
                }
            }
        }
    }
}
