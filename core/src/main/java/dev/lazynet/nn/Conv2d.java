package dev.lazynet.nn;

import dev.lazynet.tensor.Blas;
import dev.lazynet.tensor.Convolution;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Arrays;

/**
 * A 2-d convolution with a square kernel, {@code y = act(conv(x, W) + b)}, whose number of input
 * channels is inferred from the first data unless given with {@link #inChannels}.
 *
 * <table>
 *   <caption>Shapes (k = kernel size, s = stride, p = padding)</caption>
 *   <tr><td>input</td><td>{@code (batch, in, height, width)}, NCHW</td></tr>
 *   <tr><td>weight</td><td>{@code (out, in, k, k)}, as in PyTorch and Gluon</td></tr>
 *   <tr><td>bias</td><td>{@code (out,)}</td></tr>
 *   <tr><td>output</td><td>{@code (batch, out, (height + 2p - k) / s + 1, (width + 2p - k) / s + 1)},
 *       rounded down</td></tr>
 * </table>
 *
 * <p>The batch is lowered with {@link Convolution#im2col} a chunk of samples at a time into one
 * {@code (in·k·k) × (pixels·samples)} matrix, so forward, the weight gradient and the input gradient are
 * one matrix product per chunk each; a chunk is sized so its matrices stay in cache between the steps.
 * The lowering takes the chunk's samples {@linkplain Convolution#interleave interleaved}, so the products
 * are pixel-major with the samples innermost, and the layer turns them to and from NCHW on the way.
 */
public final class Conv2d extends AbstractLayer {

    /** The column-matrix floats of one chunk of samples, 512 KiB: a quarter of a 2 MiB L2 cache. */
    private static final int CHUNK_COLUMN_FLOATS = 1 << 17;

    private final int outChannels;
    private final int kernel;
    private final Activation activation;
    private int stride = 1;
    private int padding;
    private final Parameter weight;
    private final Parameter bias;
    private Convolution geometry;
    private Tensor lastInput;
    private Tensor lastOutput;
    private float[] interleaved;
    private float[] columns;
    private float[] product;
    private float[] activationGradient;
    private float[] gradByChannel;
    private float[] biasByPixel;
    private float[] gradColumns;
    private float[] interleavedGradient;
    private float[] inputGradient;

    /** A convolution with {@code outChannels} filters of {@code kernelSize × kernelSize}, stride 1, no padding. */
    public Conv2d(int outChannels, int kernelSize) {
        this(outChannels, kernelSize, Activation.NONE);
    }

    /**
     * A convolution followed by {@code activation}.
     *
     * @throws IllegalArgumentException if {@code outChannels} or {@code kernelSize} is not positive
     */
    public Conv2d(int outChannels, int kernelSize, Activation activation) {
        if (outChannels <= 0) {
            throw new IllegalArgumentException("Conv2d needs a positive number of output channels, but got "
                    + outChannels);
        }
        if (kernelSize <= 0) {
            throw new IllegalArgumentException("Conv2d needs a positive kernel size, but got " + kernelSize);
        }
        this.outChannels = outChannels;
        this.kernel = kernelSize;
        this.activation = activation;
        this.weight = declare("weight", Parameter.Role.WEIGHT,
                Shape.of(outChannels, Shape.UNKNOWN, kernelSize, kernelSize));
        this.bias = declare("bias", Parameter.Role.BIAS, Shape.of(outChannels));
    }

    /**
     * Moves the kernel {@code s} pixels at a time (default 1). Returns {@code this}.
     *
     * @throws IllegalArgumentException if {@code s} is not positive
     */
    public Conv2d stride(int s) {
        if (s <= 0) {
            throw new IllegalArgumentException(describe() + ": stride must be positive, but got " + s);
        }
        this.stride = s;
        return this;
    }

    /**
     * Pads each side of the input with {@code p} zeros (default 0). Returns {@code this}.
     *
     * @throws IllegalArgumentException if {@code p} is negative
     */
    public Conv2d padding(int p) {
        if (p < 0) {
            throw new IllegalArgumentException(describe() + ": padding must be >= 0, but got " + p);
        }
        this.padding = p;
        return this;
    }

    /**
     * Gives the number of input channels up front, so the weight's shape is known at once and
     * {@code initialize} fills it immediately. Returns {@code this}.
     *
     * @throws IllegalArgumentException if {@code n} is not positive
     * @throws ShapeMismatchException if the weight already has another number of input channels
     */
    public Conv2d inChannels(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(describe() + ": inChannels must be positive, but got " + n);
        }
        weight.refineShape(Shape.of(outChannels, n, kernel, kernel), label());
        return this;
    }

    /** The side of the square kernel, {@code k}. */
    public int kernelSize() {
        return kernel;
    }

    /** How many pixels the kernel moves at a time. */
    public int stride() {
        return stride;
    }

    /** The zeros added on each side of the input. */
    public int padding() {
        return padding;
    }

    /** The activation applied to the output. */
    public Activation activation() {
        return activation;
    }

    /** The weight, shape {@code (out, in, k, k)}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias, shape {@code (out,)}. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Shape inferShape(Shape input) {
        checkRank(input);
        int inChannels = input.dim(1);
        checkChannels(input);
        int outH = spatialOutput(input, 2);
        int outW = spatialOutput(input, 3);
        acceptInput(input);
        if (inChannels != Shape.UNKNOWN) {
            weight.refineShape(Shape.of(outChannels, inChannels, kernel, kernel), label());
        }
        outputShape = Shape.of(input.dim(0), outChannels, outH, outW);
        return outputShape;
    }

    @Override
    public Tensor forward(Tensor x) {
        inferShape(x.shape());
        int batch = x.shape().dim(0);
        geometry = new Convolution(x.shape().dim(1), x.shape().dim(2), x.shape().dim(3), kernel, stride, padding);
        int rows = geometry.rows();
        int pixels = geometry.columns();
        int inputSize = geometry.inputSize();
        int chunk = samplesPerChunk(batch);
        // The interleaved input is kept for the backward pass, which lowers each chunk again from it.
        interleaved = buffer(interleaved, x.size());
        columns = buffer(columns, columnsSize(rows, chunk, pixels));
        product = buffer(product, outChannels * chunk * pixels);
        float[] w = weight.data().data();
        float[] b = bias.data().data();
        float[] out = buffer(lastOutput == null ? null : lastOutput.data(), batch * outChannels * pixels);
        Blas blas = Blas.current();
        for (int from = 0; from < batch; from += chunk) {
            int samples = Math.min(chunk, batch - from);
            int ld = samples * pixels;
            geometry.interleave(x.data(), from * inputSize, samples, interleaved, from * inputSize);
            geometry.im2col(interleaved, from * inputSize, samples, columns, 0);
            blas.gemm(false, false, outChannels, ld, rows, 1f, w, columns, 0f, product);
            // The product is (out, pixels·samples); NCHW wants each sample's channels together. The bias
            // rides along with that reordering while each row is in cache.
            for (int n = 0; n < samples; n++) {
                for (int o = 0; o < outChannels; o++) {
                    int src = o * ld + n;
                    int dst = ((from + n) * outChannels + o) * pixels;
                    float bo = b[o];
                    for (int j = 0; j < pixels; j++) {
                        out[dst + j] = product[src + j * samples] + bo;
                    }
                }
            }
            int chunkStart = from * outChannels * pixels;
            activation.apply(out, chunkStart, out, chunkStart, samples * outChannels * pixels);
        }
        lastInput = x;
        lastOutput = Tensor.of(out, batch, outChannels, geometry.outHeight(), geometry.outWidth());
        return lastOutput;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException(label() + ": backward called before forward");
        }
        if (!gradOutput.shape().equals(lastOutput.shape())) {
            throw new ShapeMismatchException(label() + " backward", lastOutput.shape(), gradOutput.shape(),
                    "the gradient must have the shape of the last forward's output");
        }
        int batch = lastInput.shape().dim(0);
        int rows = geometry.rows();
        int pixels = geometry.columns();
        int inputSize = geometry.inputSize();
        int chunk = samplesPerChunk(batch);
        float[] g = gradOutput.data();
        float[] y = lastOutput.data();
        float[] w = weight.data().data();
        float[] dw = weight.grad().data();
        activationGradient = buffer(activationGradient, chunk * outChannels * pixels);
        gradByChannel = buffer(gradByChannel, outChannels * chunk * pixels);
        biasByPixel = zeroedBuffer(biasByPixel, outChannels * pixels);
        float[] dx = null;
        if (inputGradientNeeded) {
            gradColumns = buffer(gradColumns, columnsSize(rows, chunk, pixels));
            interleavedGradient = buffer(interleavedGradient, chunk * inputSize);
            dx = buffer(inputGradient, lastInput.size());
            inputGradient = dx;
        }
        Blas blas = Blas.current();
        for (int from = 0; from < batch; from += chunk) {
            int samples = Math.min(chunk, batch - from);
            int ld = samples * pixels;
            int chunkStart = from * outChannels * pixels;
            // The activation's derivative is applied on the way in, so the caller's gradient is only read
            // and never cloned. The bias gradient is first summed over the samples pixel by pixel,
            // element-wise adds the JIT vectorizes, and only then over the pixels: one running sum over all
            // of a channel's elements waits for each add before the next.
            activation.backward(y, chunkStart, g, chunkStart, activationGradient, 0, samples * outChannels * pixels);
            for (int n = 0; n < samples; n++) {
                for (int o = 0; o < outChannels; o++) {
                    int src = (n * outChannels + o) * pixels;
                    int dst = o * ld + n;
                    int acc = o * pixels;
                    for (int j = 0; j < pixels; j++) {
                        float v = activationGradient[src + j];
                        gradByChannel[dst + j * samples] = v;
                        biasByPixel[acc + j] += v;
                    }
                }
            }
            // The chunk's columns are lowered again rather than kept from the forward pass: redoing it in
            // cache costs less than writing the whole batch's columns out and reading them back twice.
            geometry.im2col(interleaved, from * inputSize, samples, columns, 0);
            blas.gemm(false, true, outChannels, rows, ld, 1f, gradByChannel, columns, 1f, dw);
            if (dx != null) {
                blas.gemm(true, false, rows, ld, outChannels, 1f, w, gradByChannel, 0f, gradColumns);
                Arrays.fill(interleavedGradient, 0, samples * inputSize, 0f);
                geometry.col2im(gradColumns, 0, samples, interleavedGradient, 0);
                geometry.deinterleave(interleavedGradient, 0, samples, dx, from * inputSize);
            }
        }
        float[] db = bias.grad().data();
        for (int o = 0; o < outChannels; o++) {
            float sum = 0f;
            for (int j = o * pixels; j < (o + 1) * pixels; j++) {
                sum += biasByPixel[j];
            }
            db[o] += sum;
        }
        return dx == null ? null : Tensor.of(dx, lastInput.shape());
    }

    /**
     * How many of {@code batch} samples go through the layer at a time: as many as keep their column
     * matrix within {@link #CHUNK_COLUMN_FLOATS}, at least one. The im2col columns, their product and the
     * column gradient of one chunk then stay in a core's cache from the step that writes them to the
     * step that reads them, where a whole batch's would go out to memory and back.
     */
    private int samplesPerChunk(int batch) {
        long perSample = (long) geometry.rows() * geometry.columns();
        return (int) Math.max(1, Math.min(batch, CHUNK_COLUMN_FLOATS / perSample));
    }

    /**
     * The floats of the column matrix of {@code samples} images, {@code rows · samples · pixels}. A chunk
     * holds more than one image only where they fit in {@link #CHUNK_COLUMN_FLOATS}, so this fails only
     * for one image too large.
     *
     * @throws IllegalArgumentException if one array cannot hold them, naming the sizes
     */
    static int columnsSize(int rows, int samples, int pixels) {
        long size = (long) rows * samples * pixels;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("The convolution columns of " + samples + (samples == 1 ? " image"
                    : " images") + " need " + size + " floats (" + rows + " x " + pixels + " per image), more than"
                    + " one array holds; use smaller images, fewer input channels or a smaller kernel");
        }
        return (int) size;
    }

    private void checkRank(Shape input) {
        if (input.rank() != 4) {
            throw new ShapeMismatchException(label(), Shape.of(Shape.UNKNOWN, weight.shape().dim(1), Shape.UNKNOWN,
                    Shape.UNKNOWN), input, "Conv2d takes NCHW batches (batch, channels, height, width); view flat"
                    + " vectors as images with setInputShape(\"1,28,28\") on the estimator, or"
                    + " x.reshape(batch, channels, height, width)");
        }
    }

    private void checkChannels(Shape input) {
        int known = weight.shape().dim(1);
        if (known != Shape.UNKNOWN && input.dim(1) != Shape.UNKNOWN && input.dim(1) != known) {
            throw new ShapeMismatchException(label(), Shape.of(Shape.UNKNOWN, known, Shape.UNKNOWN, Shape.UNKNOWN),
                    input, "this layer was built for " + known + " input channels; give it data with that many"
                            + " channels or build a new network");
        }
    }

    /** The output size along axis {@code axis} (2 = height, 3 = width) of {@code input}, or UNKNOWN. */
    private int spatialOutput(Shape input, int axis) {
        int in = input.dim(axis);
        if (in == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        try {
            return Convolution.outputSize(in, kernel, stride, padding);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label() + " cannot take input of shape " + input + ": "
                    + e.getMessage() + "; use a smaller kernel, more padding, or larger images", e);
        }
    }

    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder("conv2d(").append(outChannels).append(',').append(kernel);
        if (activation != Activation.NONE) {
            sb.append(',').append(activation.label());
        }
        if (stride != 1) {
            sb.append(",stride=").append(stride);
        }
        if (padding != 0) {
            sb.append(",padding=").append(padding);
        }
        return sb.append(')').toString();
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Conv2d(").append(outChannels).append(", ").append(kernel);
        if (stride != 1) {
            sb.append(", stride=").append(stride);
        }
        if (padding != 0) {
            sb.append(", padding=").append(padding);
        }
        if (activation != Activation.NONE) {
            sb.append(", ").append(activation.label());
        }
        return sb.append(')').toString();
    }
}
