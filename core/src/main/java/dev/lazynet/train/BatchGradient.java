package dev.lazynet.train;

import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Layer;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.SpareArrays;
import dev.lazynet.tensor.Tensor;
import java.util.function.IntConsumer;

/**
 * Computes the gradient sum and loss sum of a set of rows: the unit of work both of the single-JVM
 * trainer and of one Spark partition within one step.
 *
 * <p>Rows live in one flat array, {@code sampleShape.size()} floats each, so a batch is gathered with
 * {@code System.arraycopy} and runs as one forward and one backward pass. An instance owns its network
 * copy and buffers; use one per thread.
 *
 * <p>It turns {@linkplain Layer#setReuseBuffers buffer reuse} on for its network and reuses its own
 * batch, target and gradient buffers, so consecutive batches of one size allocate nothing: products
 * written into freshly allocated memory pay a page fault per page. The
 * parameters' gradients are kept at zero between batches ({@link FlatParameters#moveGradientsTo}), so
 * no separate pass clears them.
 */
public final class BatchGradient {

    private final Layer network;
    private final Loss loss;
    private final Shape sampleShape;
    private final int sampleSize;
    private final FlatParameters layout;
    private final int outputWidth;
    private final int targetWidth;
    private Tensor batch;
    private float[] targetBuffer = new float[0];
    private float[] weightBuffer = new float[0];
    private Tensor outputGradient;
    /** Batch, target and output-gradient arrays of the row counts seen before: a Spark task's varies. */
    private final SpareArrays spares = new SpareArrays();

    /**
     * @param network a network whose parameter shapes are known (after {@code inferShape}); this worker
     *     turns its buffer reuse on and zeroes its gradients
     * @param loss the loss to differentiate
     * @param sampleShape the shape of one row, e.g. {@code (784,)} or {@code (1, 28, 28)}
     */
    public BatchGradient(Layer network, Loss loss, Shape sampleShape) {
        this.network = network;
        this.loss = loss;
        this.sampleShape = sampleShape;
        this.sampleSize = sampleShape.size();
        Shape out = network.inferShape(sampleShape.prepend(Shape.UNKNOWN));
        this.layout = FlatParameters.of(network);
        this.outputWidth = out.sizeFrom(1);
        this.targetWidth = loss.targetWidth(outputWidth);
        network.setInputGradientNeeded(false);
        network.setReuseBuffers(true);
        network.zeroGrad();
    }

    /** The flat layout of the network's parameters. */
    public FlatParameters layout() {
        return layout;
    }

    /** How many target floats each row has. */
    public int targetWidth() {
        return targetWidth;
    }

    /** The width of the network's output. */
    public int outputWidth() {
        return outputWidth;
    }

    /** Sets the network's weights from a flat array in {@link #layout()} order. */
    public void setWeights(float[] flat) {
        layout.setValues(flat);
    }

    /**
     * Runs forward and backward on rows {@code rows[from..to)} and adds their gradient sum into
     * {@code gradSum}.
     *
     * @param features all rows' features, row-major
     * @param targets all rows' targets, {@link #targetWidth()} floats per row
     * @return the sum of the rows' losses
     */
    public double accumulate(float[] features, float[] targets, int[] rows, int from, int to, float[] gradSum) {
        return accumulate(features, targets, null, rows, from, to, gradSum);
    }

    /**
     * Runs forward and backward on rows {@code rows[from..to)} and adds their weighted gradient sum into
     * {@code gradSum}: each row's gradient times its weight, as if the row were there that many times.
     *
     * @param features all rows' features, row-major
     * @param targets all rows' targets, {@link #targetWidth()} floats per row
     * @param weights all rows' weights, one float per row, or {@code null}: every row weighs 1
     * @return the weighted sum of the rows' losses
     */
    public double accumulate(float[] features, float[] targets, float[] weights, int[] rows, int from, int to,
            float[] gradSum) {
        int count = to - from;
        if (count <= 0) {
            return 0;
        }
        gather(features, targets, weights, rows, from, count);
        network.setTraining(true);
        try {
            Tensor out = network.forward(batch);
            if (outputGradient == null || !outputGradient.shape().equals(out.shape())) {
                outputGradient = Tensor.of(spares.exchange(outputGradient == null ? null : outputGradient.data(),
                        out.size()), out.shape());
            }
            double sum = loss.sumAndGradient(out, targetBuffer, 0, weights == null ? null : weightBuffer, 0,
                    outputGradient);
            network.backward(outputGradient);
            layout.moveGradientsTo(gradSum);
            return sum;
        } catch (RuntimeException e) {
            // A failed batch may have left part of its gradient behind; the next must start from zero.
            network.zeroGrad();
            throw e;
        }
    }

    /**
     * Runs forward and backward on each row of {@code rows[from..to)} alone and adds its gradient to
     * {@code tree} as the leaf of rank {@code firstRank + i - from}: the rows must come in rank order.
     * Unlike {@link #accumulate}, whose sum over the rows rounds differently for every split of a batch,
     * the tree's sum is the same for any split of the ranks among workers.
     *
     * @param weights all rows' weights, one float per row, or {@code null}: every row weighs 1
     * @param beforeRow called with each row's index in {@code features} before its pass, e.g. to seed the
     *     row's dropout masks from its global index
     * @return the weighted sum of the rows' losses
     * @throws IllegalStateException if the network keeps running statistics (batch normalization): its
     *     batch statistics need the rows of a batch together, and a row alone has none
     */
    public double accumulateRows(float[] features, float[] targets, float[] weights, int[] rows, int from, int to,
            int firstRank, RankTree tree, IntConsumer beforeRow) {
        for (boolean trainable : layout.trainableMask()) {
            if (!trainable) {
                throw new IllegalStateException("Sums over single rows cannot train a network with batch"
                        + " normalization: its batch statistics need the rows of a batch together; remove the"
                        + " batchnorm layers or sum whole batches");
            }
        }
        double loss = 0;
        for (int i = from; i < to; i++) {
            float[] row = new float[layout.size()];
            beforeRow.accept(rows[i]);
            loss += accumulate(features, targets, weights, rows, i, i + 1, row);
            tree.addLeaf(firstRank + i - from, row);
        }
        return loss;
    }

    /**
     * The network's outputs in inference mode for {@code count} consecutive rows starting at row
     * {@code first}, in a new tensor the caller owns (the network's own output array is overwritten by
     * its next forward, since this worker turned buffer reuse on).
     */
    public Tensor predict(float[] features, int first, int count) {
        float[] rowsCopy = new float[count * sampleSize];
        System.arraycopy(features, first * sampleSize, rowsCopy, 0, rowsCopy.length);
        network.setTraining(false);
        return network.forward(Tensor.of(rowsCopy, sampleShape.prepend(count))).copy();
    }

    /** Copies the rows into the batch tensor, reused for every batch of the same size. */
    private void gather(float[] features, float[] targets, float[] weights, int[] rows, int from, int count) {
        if (batch == null || batch.shape().dim(0) != count) {
            batch = Tensor.of(spares.exchange(batch == null ? null : batch.data(), count * sampleSize),
                    sampleShape.prepend(count));
        }
        targetBuffer = spares.exchange(targetBuffer, count * targetWidth);
        if (weights != null) {
            weightBuffer = spares.exchange(weightBuffer, count);
        }
        float[] batchData = batch.data();
        for (int i = 0; i < count; i++) {
            int r = rows[from + i];
            System.arraycopy(features, r * sampleSize, batchData, i * sampleSize, sampleSize);
            System.arraycopy(targets, r * targetWidth, targetBuffer, i * targetWidth, targetWidth);
            if (weights != null) {
                weightBuffer[i] = weights[r];
            }
        }
    }
}
