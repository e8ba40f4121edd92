package dev.lazynet.tensor;

import java.util.Arrays;

/**
 * The geometry of a square-kernel 2-d convolution over NCHW samples, and the im2col / col2im lowering
 * that turns the convolution of a run of samples into one matrix product.
 *
 * <p>The lowering works on samples <em>interleaved</em>: {@link #interleave} lays a run of {@code s}
 * samples out with the sample index innermost, element {@code i} of sample {@code n} at {@code i·s + n}.
 * {@link #im2col} then copies every {@code k × k} receptive field into one column of a
 * {@code (channels·k·k) × (outHeight·outWidth·s)} matrix, column {@code pixel·s + n}, with zeros where the
 * field overlaps the padding; the convolution is {@code weight (out, channels·k·k) · columns} through
 * {@link Blas#gemm}, and {@link #col2im}, its adjoint, adds column gradients back onto the interleaved
 * input. Interleaving is what makes the lowering fast on small feature maps: a row of the column matrix
 * for one output row of every sample is a single run of {@code outWidth·s} consecutive input floats
 * (at stride 1), where with the samples one after another it is {@code s} runs of {@code outWidth}
 * floats, too short to copy or add efficiently when the maps are 8 pixels wide
 * (Chellapilla et al., 2006, "High Performance Convolutional Neural Networks for Document Processing",
 * for the lowering; docs/benchmarks.md, "Kernels", for the measurement).
 */
public final class Convolution {

    private final int channels;
    private final int height;
    private final int width;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outHeight;
    private final int outWidth;

    /**
     * The geometry of a convolution of a {@code (channels, height, width)} sample.
     *
     * @throws IllegalArgumentException if a size is not positive, the padding is negative, or the kernel
     *     does not fit in the padded input
     */
    public Convolution(int channels, int height, int width, int kernel, int stride, int padding) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("A convolution needs positive input sizes, but got channels="
                    + channels + ", height=" + height + ", width=" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outHeight = outputSize(height, kernel, stride, padding);
        this.outWidth = outputSize(width, kernel, stride, padding);
    }

    /**
     * The output length along one spatial axis, {@code floor((in + 2·padding - kernel) / stride) + 1}.
     *
     * @throws IllegalArgumentException if {@code kernel} or {@code stride} is not positive, {@code padding}
     *     is negative, or the kernel is larger than the padded input, naming all the sizes
     */
    public static int outputSize(int in, int kernel, int stride, int padding) {
        if (kernel <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("kernel and stride must be positive and padding >= 0, but got kernel="
                    + kernel + ", stride=" + stride + ", padding=" + padding);
        }
        int padded = in + 2 * padding;
        if (kernel > padded) {
            throw new IllegalArgumentException("kernel size " + kernel + " is larger than the padded input size "
                    + padded + " (input " + in + " + 2 x padding " + padding + ")");
        }
        return (padded - kernel) / stride + 1;
    }

    /** The output height. */
    public int outHeight() {
        return outHeight;
    }

    /** The output width. */
    public int outWidth() {
        return outWidth;
    }

    /** The rows of the column matrix, {@code channels · k · k}: one per weight of an output channel. */
    public int rows() {
        return channels * kernel * kernel;
    }

    /** The columns of one sample's column matrix, {@code outHeight · outWidth}: one per output pixel. */
    public int columns() {
        return outHeight * outWidth;
    }

    /** The floats of one input sample, {@code channels · height · width}. */
    public int inputSize() {
        return channels * height * width;
    }

    /**
     * Interleaves {@code samples} consecutive NCHW samples starting at {@code x[xOffset]}: element
     * {@code i} of sample {@code n} goes to {@code out[outOffset + i·samples + n]}.
     */
    public void interleave(float[] x, int xOffset, int samples, float[] out, int outOffset) {
        int size = inputSize();
        for (int n = 0; n < samples; n++) {
            int src = xOffset + n * size;
            for (int i = 0; i < size; i++) {
                out[outOffset + i * samples + n] = x[src + i];
            }
        }
    }

    /** The inverse of {@link #interleave}: {@code x[xOffset + n·inputSize() + i] = in[inOffset + i·samples + n]}. */
    public void deinterleave(float[] in, int inOffset, int samples, float[] x, int xOffset) {
        int size = inputSize();
        for (int n = 0; n < samples; n++) {
            int dst = xOffset + n * size;
            for (int i = 0; i < size; i++) {
                x[dst + i] = in[inOffset + i * samples + n];
            }
        }
    }

    /**
     * Writes the column matrix of {@code samples} samples {@linkplain #interleave interleaved} at {@code
     * xi[offset]}: element (row {@code r}, column {@code j}) goes to {@code cols[colsOffset + r·ld + j]},
     * with {@code ld = samples·columns()}, row {@code r = (c·k + ky)·k + kx} and column
     * {@code j = (oy·outWidth + ox)·samples + n}. Overwrites every element of the matrix.
     */
    public void im2col(float[] xi, int offset, int samples, float[] cols, int colsOffset) {
        int ld = samples * columns();
        int run = outWidth * samples;
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    int rowStart = colsOffset + ((c * kernel + ky) * kernel + kx) * ld;
                    int first = firstInside(kx) * samples;
                    int end = endInside(kx) * samples;
                    for (int oy = 0; oy < outHeight; oy++) {
                        int iy = oy * stride - padding + ky;
                        int dst = rowStart + oy * run;
                        if (iy < 0 || iy >= height) {
                            Arrays.fill(cols, dst, dst + run, 0f);
                            continue;
                        }
                        Arrays.fill(cols, dst, dst + first, 0f);
                        Arrays.fill(cols, dst + end, dst + run, 0f);
                        int src = offset + ((c * height + iy) * width - padding + kx) * samples;
                        if (stride == 1) {
                            System.arraycopy(xi, src + first, cols, dst + first, end - first);
                        } else {
                            for (int ox = first; ox < end; ox += samples) {
                                System.arraycopy(xi, src + ox * stride, cols, dst + ox, samples);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The first output column whose kernel offset {@code kx} lands inside the input, not on padding. */
    private int firstInside(int kx) {
        return Math.min(outWidth, Math.max(0, Math.floorDiv(padding - kx + stride - 1, stride)));
    }

    /** One past the last output column whose kernel offset {@code kx} lands inside the input. */
    private int endInside(int kx) {
        return Math.max(firstInside(kx), Math.min(outWidth, Math.floorDiv(width - 1 + padding - kx, stride) + 1));
    }

    /**
     * The adjoint of {@link #im2col}, with the same layout: adds each element of the column matrix of
     * {@code samples} samples back onto the {@linkplain #interleave interleaved} input element it was
     * copied from, so overlapping receptive fields sum their gradients. Padding positions are dropped.
     * {@code dxi} is accumulated into, not overwritten; each of its elements receives its contributions in
     * the order of the kernel offsets {@code (ky, kx)}.
     */
    public void col2im(float[] cols, int colsOffset, int samples, float[] dxi, int offset) {
        int ld = samples * columns();
        int run = outWidth * samples;
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    int rowStart = colsOffset + ((c * kernel + ky) * kernel + kx) * ld;
                    int first = firstInside(kx) * samples;
                    int end = endInside(kx) * samples;
                    for (int oy = 0; oy < outHeight; oy++) {
                        int iy = oy * stride - padding + ky;
                        if (iy < 0 || iy >= height) {
                            continue;
                        }
                        int src = rowStart + oy * run;
                        int dst = offset + ((c * height + iy) * width - padding + kx) * samples;
                        if (stride == 1) {
                            addRun(cols, src + first, dxi, dst + first, end - first);
                        } else {
                            for (int ox = first; ox < end; ox += samples) {
                                addRun(cols, src + ox, dxi, dst + ox * stride, samples);
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code dx[dst + i] += cols[src + i]} for {@code 0 <= i < length}. */
    private static void addRun(float[] cols, int src, float[] dx, int dst, int length) {
        for (int i = 0; i < length; i++) {
            dx[dst + i] += cols[src + i];
        }
    }
}
