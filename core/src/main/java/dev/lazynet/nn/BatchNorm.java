package dev.lazynet.nn;

import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;

/**
 * Batch normalization (Ioffe and Szegedy, 2015, "Batch Normalization: Accelerating Deep Network
 * Training by Reducing Internal Covariate Shift"), {@code y = gamma · (x - mean) / sqrt(var + eps) + beta}
 * per channel, with the number of channels inferred from the first data.
 *
 * <table>
 *   <caption>Shapes (C = channels)</caption>
 *   <tr><td>input</td><td>{@code (batch, C)}, statistics over the batch; or {@code (batch, C, height,
 *       width)}, statistics over the batch and all pixels of a channel</td></tr>
 *   <tr><td>gamma, beta</td><td>{@code (C,)}, starting at ones and zeros</td></tr>
 *   <tr><td>running_mean, running_var</td><td>{@code (C,)}, starting at zeros and ones; updated by the
 *       layer, never by the optimizer</td></tr>
 *   <tr><td>output</td><td>the input's shape</td></tr>
 * </table>
 *
 * <p>In training mode the batch's own statistics normalize it and the running statistics move toward
 * them, {@code running = MOMENTUM · running + (1 - MOMENTUM) · batch}, with the biased batch variance
 * as in Gluon. In inference mode the running statistics are used instead.
 */
public final class BatchNorm extends AbstractLayer {

    /** The weight of the old running statistics in each update, as in Gluon. */
    public static final double MOMENTUM = 0.9;
    /** Added to the variance before the square root, so a constant channel does not divide by zero. */
    public static final double EPSILON = 1e-5;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private Tensor lastInput;
    private double[] lastMean;
    private double[] lastInvStd;
    private boolean lastUsedBatchStatistics;
    private float[] output;
    private float[] inputGradient;

    /** A normalization whose channel count is inferred from the first data. */
    public BatchNorm() {
        Shape unknown = Shape.of(Shape.UNKNOWN);
        this.gamma = declare("gamma", Parameter.Role.ONES, unknown);
        this.beta = declare("beta", Parameter.Role.ZEROS, unknown);
        this.runningMean = declare("running_mean", Parameter.Role.STATISTIC_ZEROS, unknown);
        this.runningVar = declare("running_var", Parameter.Role.STATISTIC_ONES, unknown);
    }

    /** The scale, shape {@code (C,)}. */
    public Parameter gamma() {
        return gamma;
    }

    /** The shift, shape {@code (C,)}. */
    public Parameter beta() {
        return beta;
    }

    /** The running mean, shape {@code (C,)}. */
    public Parameter runningMean() {
        return runningMean;
    }

    /** The running (biased) variance, shape {@code (C,)}. */
    public Parameter runningVar() {
        return runningVar;
    }

    @Override
    public Shape inferShape(Shape input) {
        if (input.rank() != 2 && input.rank() != 4) {
            throw new ShapeMismatchException(label(), Shape.of(Shape.UNKNOWN, gamma.shape().dim(0)), input,
                    "BatchNorm takes (batch, features) or NCHW (batch, channels, height, width) input");
        }
        int channels = input.dim(1);
        int known = gamma.shape().dim(0);
        if (known != Shape.UNKNOWN && channels != Shape.UNKNOWN && channels != known) {
            throw new ShapeMismatchException(label(), Shape.of(Shape.UNKNOWN, known), input,
                    "this layer was built for " + known + " channels; give it data with that many or build a"
                            + " new network");
        }
        acceptInput(input);
        if (channels != Shape.UNKNOWN) {
            Shape c = Shape.of(channels);
            for (Parameter p : new Parameter[] {gamma, beta, runningMean, runningVar}) {
                p.refineShape(c, label());
            }
        }
        outputShape = input;
        return outputShape;
    }

    @Override
    public Tensor forward(Tensor x) {
        inferShape(x.shape());
        int batch = x.shape().dim(0);
        int channels = x.shape().dim(1);
        int pixels = x.shape().rank() == 4 ? x.shape().sizeFrom(2) : 1;
        float[] in = x.data();
        double[] mean = new double[channels];
        double[] var = new double[channels];
        lastUsedBatchStatistics = isTraining();
        if (lastUsedBatchStatistics) {
            batchStatistics(in, batch, channels, pixels, mean, var);
            updateRunning(mean, var);
        } else {
            float[] rm = runningMean.data().data();
            float[] rv = runningVar.data().data();
            for (int c = 0; c < channels; c++) {
                mean[c] = rm[c];
                var[c] = rv[c];
            }
        }
        double[] invStd = new double[channels];
        for (int c = 0; c < channels; c++) {
            invStd[c] = 1.0 / Math.sqrt(var[c] + EPSILON);
        }
        float[] g = gamma.data().data();
        float[] b = beta.data().data();
        float[] out = buffer(output, in.length);
        output = out;
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int off = (n * channels + c) * pixels;
                double scale = g[c] * invStd[c];
                for (int j = off; j < off + pixels; j++) {
                    out[j] = (float) ((in[j] - mean[c]) * scale + b[c]);
                }
            }
        }
        lastInput = x;
        lastMean = mean;
        lastInvStd = invStd;
        return Tensor.of(out, x.shape());
    }

    private static void batchStatistics(float[] in, int batch, int channels, int pixels, double[] mean,
                                        double[] var) {
        double count = (double) batch * pixels;
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int off = (n * channels + c) * pixels;
                for (int j = off; j < off + pixels; j++) {
                    mean[c] += in[j];
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            mean[c] /= count;
        }
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int off = (n * channels + c) * pixels;
                for (int j = off; j < off + pixels; j++) {
                    double d = in[j] - mean[c];
                    var[c] += d * d;
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            var[c] /= count;
        }
    }

    private void updateRunning(double[] mean, double[] var) {
        float[] rm = runningMean.data().data();
        float[] rv = runningVar.data().data();
        for (int c = 0; c < rm.length; c++) {
            rm[c] = (float) (MOMENTUM * rm[c] + (1 - MOMENTUM) * mean[c]);
            rv[c] = (float) (MOMENTUM * rv[c] + (1 - MOMENTUM) * var[c]);
        }
    }

    /**
     * In training mode the batch statistics depend on every input, which adds the two sum terms of
     * {@code dx = gamma · invStd / m · (m · dy - Σdy - xhat · Σ(dy · xhat))}; in inference mode they are
     * constants and {@code dx = gamma · invStd · dy}.
     */
    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException(label() + ": backward called before forward");
        }
        if (!gradOutput.shape().equals(lastInput.shape())) {
            throw new ShapeMismatchException(label() + " backward", lastInput.shape(), gradOutput.shape(),
                    "the gradient must have the shape of the last forward's output");
        }
        Shape shape = lastInput.shape();
        int batch = shape.dim(0);
        int channels = shape.dim(1);
        int pixels = shape.rank() == 4 ? shape.sizeFrom(2) : 1;
        float[] in = lastInput.data();
        float[] dy = gradOutput.data();
        double[] sumDy = new double[channels];
        double[] sumDyXhat = new double[channels];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int off = (n * channels + c) * pixels;
                for (int j = off; j < off + pixels; j++) {
                    sumDy[c] += dy[j];
                    sumDyXhat[c] += dy[j] * (in[j] - lastMean[c]) * lastInvStd[c];
                }
            }
        }
        float[] dGamma = gamma.grad().data();
        float[] dBeta = beta.grad().data();
        for (int c = 0; c < channels; c++) {
            dGamma[c] += (float) sumDyXhat[c];
            dBeta[c] += (float) sumDy[c];
        }
        if (!inputGradientNeeded) {
            return null;
        }
        float[] g = gamma.data().data();
        double m = (double) batch * pixels;
        float[] dx = buffer(inputGradient, in.length);
        inputGradient = dx;
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int off = (n * channels + c) * pixels;
                double k = g[c] * lastInvStd[c];
                for (int j = off; j < off + pixels; j++) {
                    if (lastUsedBatchStatistics) {
                        double xhat = (in[j] - lastMean[c]) * lastInvStd[c];
                        dx[j] = (float) (k * (dy[j] - sumDy[c] / m - xhat * sumDyXhat[c] / m));
                    } else {
                        dx[j] = (float) (k * dy[j]);
                    }
                }
            }
        }
        return Tensor.of(dx, shape);
    }

    @Override
    public String spec() {
        return "batchnorm";
    }

    @Override
    public String describe() {
        return "BatchNorm()";
    }
}
