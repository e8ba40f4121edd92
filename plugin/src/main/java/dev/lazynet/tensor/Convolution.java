package dev.lazynet.tensor;

import java.util.Arrays;

/**
 * The geometry of a square-kernel 2-d convolution over one NCHW sample, and the im2col / col2im
 * lowering that turns the convolution into one matrix product.
 *
 * <p>{@link #im2col} copies every {@code k × k} receptive field of a {@code (channels, height, width)}
 * sample into one column of a {@code (channels·k·k) × (outHeight·outWidth)} matrix, with zeros where the
 * field overlaps the padding. The convolution is then {@code weight (out, channels·k·k) · columns}
 * through {@link Blas#gemm}; {@link #col2im} is its adjoint and scatters column gradients back onto
 * the input. Both write a sample's columns with a leading dimension {@code ld}, so the columns of a
 * whole batch can sit side by side in one matrix and the batch runs as a single product (Chellapilla
 * et al., 2006, "High Performance Convolutional Neural Networks for Document Processing").
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
     * Writes the columns of the sample at {@code x[xOffset]}: element (row {@code r}, column {@code j})
     * goes to {@code cols[colsOffset + r·ld + j]}, with row {@code r = (c·k + ky)·k + kx} and column
     * {@code j = oy·outWidth + ox}. Overwrites every element of the sample's block.
     */
    public void im2col(float[] x, int xOffset, float[] cols, int colsOffset, int ld) {
        for (int c = 0; c < channels; c++) {
            int plane = xOffset + c * height * width;
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    int rowStart = colsOffset + ((c * kernel + ky) * kernel + kx) * ld;
                    for (int oy = 0; oy < outHeight; oy++) {
                        int iy = oy * stride - padding + ky;
                        int dst = rowStart + oy * outWidth;
                        if (iy < 0 || iy >= height) {
                            Arrays.fill(cols, dst, dst + outWidth, 0f);
                            continue;
                        }
                        int src = plane + iy * width;
                        for (int ox = 0; ox < outWidth; ox++) {
                            int ix = ox * stride - padding + kx;
                            cols[dst + ox] = ix >= 0 && ix < width ? x[src + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: adds each column element back onto the input element it was
     * copied from, so overlapping receptive fields sum their gradients. Padding positions are dropped.
     * {@code dx} is accumulated into, not overwritten.
     */
    public void col2im(float[] cols, int colsOffset, int ld, float[] dx, int dxOffset) {
        for (int c = 0; c < channels; c++) {
            int plane = dxOffset + c * height * width;
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    int rowStart = colsOffset + ((c * kernel + ky) * kernel + kx) * ld;
                    for (int oy = 0; oy < outHeight; oy++) {
                        int iy = oy * stride - padding + ky;
                        if (iy < 0 || iy >= height) {
                            continue;
                        }
                        int src = rowStart + oy * outWidth;
                        int dst = plane + iy * width;
                        for (int ox = 0; ox < outWidth; ox++) {
                            int ix = ox * stride - padding + kx;
                            if (ix >= 0 && ix < width) {
                                dx[dst + ix] += cols[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
