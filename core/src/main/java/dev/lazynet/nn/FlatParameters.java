package dev.lazynet.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A view of a network's parameters as one flat float array, and of their gradients as another with
 * the same layout: what the Spark path broadcasts, aggregates and hands to the optimizer.
 *
 * <p>The layout is the order of {@link Layer#parameters()}, each parameter's values row-major, so two
 * copies of the same network built from the same spec agree on it.
 */
public final class FlatParameters {

    private final List<Parameter> params;
    private final int[] offsets;
    private final int size;

    private FlatParameters(List<Parameter> params) {
        this.params = params;
        this.offsets = new int[params.size() + 1];
        long total = 0;
        for (int i = 0; i < params.size(); i++) {
            offsets[i] = (int) total;
            total += params.get(i).shape().size();
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("The network has more than " + (Integer.MAX_VALUE - 8)
                        + " parameters, more than one flat float array can hold");
            }
        }
        offsets[params.size()] = (int) total;
        this.size = (int) total;
    }

    /**
     * The layout of {@code network}'s parameters.
     *
     * @throws DeferredInitializationException if some parameter shape is still unknown
     */
    public static FlatParameters of(Layer network) {
        List<Parameter> list = new ArrayList<>(network.parameters().values());
        for (Parameter p : list) {
            if (!p.shape().isKnown()) {
                throw new DeferredInitializationException("Parameter '" + p.name() + "' has shape " + p.shape()
                        + ", so the network has no flat layout yet; call inferShape(inputShape) or pass data first");
            }
        }
        return new FlatParameters(list);
    }

    /** The total number of floats. */
    public int size() {
        return size;
    }

    /** The parameters in layout order. */
    public List<Parameter> parameters() {
        return List.copyOf(params);
    }

    /** Where parameter {@code i} starts in the flat array. */
    public int offset(int i) {
        return offsets[i];
    }

    /** A new array holding every parameter's values. */
    public float[] values() {
        float[] flat = new float[size];
        copyValuesTo(flat);
        return flat;
    }

    /** Copies every parameter's values into {@code flat}. */
    public void copyValuesTo(float[] flat) {
        checkLength(flat);
        for (int i = 0; i < params.size(); i++) {
            float[] d = params.get(i).data().data();
            System.arraycopy(d, 0, flat, offsets[i], d.length);
        }
    }

    /**
     * Copies the values of the parameters the optimizer does not update (running statistics, which
     * the layers change in training forward passes) into {@code flat}, so that a later
     * {@link #setValues} does not turn them back.
     */
    public void copyStatisticsTo(float[] flat) {
        checkLength(flat);
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (!p.isTrainable()) {
                float[] d = p.data().data();
                System.arraycopy(d, 0, flat, offsets[i], d.length);
            }
        }
    }

    /**
     * Sets every parameter's values from {@code flat}; an uninitialized parameter becomes initialized with
     * them.
     */
    public void setValues(float[] flat) {
        checkLength(flat);
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (!p.isInitialized()) {
                p.setData(dev.lazynet.tensor.Tensor.zeros(p.shape()));
            }
            float[] d = p.data().data();
            System.arraycopy(flat, offsets[i], d, 0, d.length);
        }
    }

    /**
     * Adds every trainable parameter's gradient into {@code flat} and sets it to zero, in one pass, for a
     * worker that keeps the gradients at zero between batches instead of clearing them before each;
     * running statistics contribute nothing.
     */
    public void moveGradientsTo(float[] flat) {
        checkLength(flat);
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (!p.isTrainable()) {
                continue;
            }
            float[] g = p.grad().data();
            int off = offsets[i];
            for (int j = 0; j < g.length; j++) {
                flat[off + j] += g[j];
                g[j] = 0f;
            }
        }
    }

    /** For each float, whether the optimizer may change it (false for running statistics). */
    public boolean[] trainableMask() {
        boolean[] mask = new boolean[size];
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).isTrainable()) {
                java.util.Arrays.fill(mask, offsets[i], offsets[i + 1], true);
            }
        }
        return mask;
    }

    private void checkLength(float[] flat) {
        if (flat.length != size) {
            throw new IllegalArgumentException("The flat array has " + flat.length + " floats, but the network's"
                    + " parameters take " + size);
        }
    }
}
