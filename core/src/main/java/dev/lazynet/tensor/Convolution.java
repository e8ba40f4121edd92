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
 * the input. Both lay a run of samples' columns side by side in one matrix with leading dimension
 * {@code ld}, so a whole batch runs as a single product (Chellapilla et al., 2006, "High Performance
 * Convolutional Neural Networks for Document Processing").
 */
public final class Convolution {

    /** The input floats per chunk of samples in im2col and col2im: 32 KiB, a core's L1 data cache. */
    private static final int CHUNK_FLOATS = 8192;

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
     * Writes the columns of {@code samples} consecutive samples starting at {@code x[xOffset]}: element
     * (row {@code r}, column {@code j}) of sample {@code n} goes to
     * {@code cols[colsOffset + r·ld + n·columns() + j]}, with row {@code r = (c·k + ky)·k + kx} and column
     * {@code j = oy·outWidth + ox}. Overwrites every element of those blocks.
     *
     * <p>It takes the samples a cache-sized chunk at a time and fills the chunk's part of the matrix
     * row by row: each row is written in one run, and the chunk's input stays in cache while every row
     * reads it. Going sample by sample instead hops between rows {@code ld} floats apart for every few
     * floats written, which keeps no row in cache (docs/benchmarks.md, "Kernels", has the measurement).
     */
    public void im2col(float[] x, int xOffset, int samples, float[] cols, int colsOffset, int ld) {
        int chunk = samplesPerChunk();
        for (int from = 0; from < samples; from += chunk) {
            im2colChunk(x, xOffset, from, Math.min(samples, from + chunk), cols, colsOffset, ld);
        }
    }

    private void im2colChunk(float[] x, int xOffset, int from, int to, float[] cols, int colsOffset, int ld) {
        int pixels = columns();
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    int rowStart = colsOffset + ((c * kernel + ky) * kernel + kx) * ld;
                    int first = firstInside(kx);
                    int end = endInside(kx);
                    for (int n = from; n < to; n++) {
                        int plane = xOffset + n * inputSize() + c * height * width;
                        for (int oy = 0; oy < outHeight; oy++) {
                            int iy = oy * stride - padding + ky;
                            int dst = rowStart + n * pixels + oy * outWidth;
                            if (iy < 0 || iy >= height) {
                                Arrays.fill(cols, dst, dst + outWidth, 0f);
                                continue;
                            }
                            if (first > 0 || end < outWidth) {
                                Arrays.fill(cols, dst, dst + first, 0f);
                                Arrays.fill(cols, dst + end, dst + outWidth, 0f);
                            }
                            copyRow(x, plane + iy * width - padding + kx, cols, dst, first, end);
                        }
                    }
                }
            }
        }
    }

    /**
     * How many samples {@link #im2col} and {@link #col2im} take at a time: as many as fit in
     * {@link #CHUNK_FLOATS} floats of input, at least one.
     */
    private int samplesPerChunk() {
        return Math.max(1, CHUNK_FLOATS / inputSize());
    }

    /** {@code cols[dst + ox] = x[src + ox·stride]} for {@code first <= ox < end}. */
    private void copyRow(float[] x, int src, float[] cols, int dst, int first, int end) {
        if (stride == 1) {
            System.arraycopy(x, src + first, cols, dst + first, end - first);
        } else {
            for (int ox = first; ox < end; ox++) {
                cols[dst + ox] = x[src + ox * stride];
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
     * The adjoint of {@link #im2col}, with the same arguments: adds each column element of the
     * {@code samples} blocks back onto the input element it was copied from, so overlapping receptive
     * fields sum their gradients. Padding positions are dropped. {@code dx} is accumulated into, not
     * overwritten. It walks the matrix in the same chunked, row-by-row order; each input element
     * receives its contributions in the order of the kernel offsets, as a sample-by-sample walk would.
     */
    public void col2im(float[] cols, int colsOffset, int ld, int samples, float[] dx, int dxOffset) {
        int chunk = samplesPerChunk();
        for (int from = 0; from < samples; from += chunk) {
            col2imChunk(cols, colsOffset, ld, from, Math.min(samples, from + chunk), dx, dxOffset);
        }
    }

    private void col2imChunk(float[] cols, int colsOffset, int ld, int from, int to, float[] dx, int dxOffset) {
        int pixels = columns();
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    int rowStart = colsOffset + ((c * kernel + ky) * kernel + kx) * ld;
                    int first = firstInside(kx);
                    int end = endInside(kx);
                    for (int n = from; n < to; n++) {
                        int plane = dxOffset + n * inputSize() + c * height * width;
                        for (int oy = 0; oy < outHeight; oy++) {
                            int iy = oy * stride - padding + ky;
                            if (iy < 0 || iy >= height) {
                                continue;
                            }
                            addRow(cols, rowStart + n * pixels + oy * outWidth, dx,
                                    plane + iy * width - padding + kx, first, end);
                        }
                    }
                }
            }
        }
    }

    /** {@code dx[dst + ox·stride] += cols[src + ox]} for {@code first <= ox < end}. */
    private void addRow(float[] cols, int src, float[] dx, int dst, int first, int end) {
        if (stride == 1) {
            for (int ox = first; ox < end; ox++) {
                dx[dst + ox] += cols[src + ox];
            }
        } else {
            for (int ox = first; ox < end; ox++) {
                dx[dst + ox * stride] += cols[src + ox];
            }
        }
    }
}
