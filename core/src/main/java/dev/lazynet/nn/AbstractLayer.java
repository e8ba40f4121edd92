package dev.lazynet.nn;

import dev.lazynet.nn.init.Initializer;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.SpareArrays;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping every leaf layer shares: its parameters, their names, training mode, and the
 * one-row summary. Subclasses implement the arithmetic and {@link #inferShape}.
 */
public abstract class AbstractLayer implements Layer {

    private final Map<String, Parameter> local = new LinkedHashMap<>();
    private String prefix = "";
    private boolean training = true;
    private boolean reuseBuffers;
    private SpareArrays spares;
    /** Whether backward must return the input gradient. */
    protected boolean inputGradientNeeded = true;
    /** The output shape last inferred or computed; {@code null} before any. */
    protected Shape outputShape;
    /** The per-sample input shape (batch excluded) fixed by the inputs seen so far; {@code null} before any. */
    private Shape sampleShape;

    /**
     * Declares a parameter owned by this layer.
     *
     * @param localName its name inside the layer, e.g. {@code weight}
     */
    protected Parameter declare(String localName, Parameter.Role role, Shape shape) {
        Parameter p = new Parameter(prefix + localName, role, shape, this);
        local.put(localName, p);
        return p;
    }

    /** Makes {@code localName} refer to a parameter owned by another layer (tied weights). */
    protected void tie(String localName, Parameter shared) {
        local.put(localName, shared);
    }

    @Override
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : local.values()) {
            byName.put(p.name(), p);
        }
        return byName;
    }

    @Override
    public void initialize(Initializer init, boolean forceReinit, long seed) {
        for (Parameter p : local.values()) {
            // A tied parameter is re-initialized by the layer that owns it; otherwise a forced
            // re-initialization of a network would run its initializer once per layer that uses it.
            if (forceReinit && p.owner != this && p.isInitialized()) {
                continue;
            }
            p.initialize(init, forceReinit, seed);
        }
    }

    @Override
    public void zeroGrad() {
        for (Parameter p : local.values()) {
            p.zeroGrad();
        }
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    @Override
    public void setReuseBuffers(boolean reuse) {
        this.reuseBuffers = reuse;
    }

    @Override
    public boolean reusesBuffers() {
        return reuseBuffers;
    }

    /**
     * An array of {@code size} floats for this call, for a result the layer hands out or for scratch
     * space. With buffer reuse on: {@code previous} again when it has that size, else an array of that
     * size that this layer put aside earlier ({@link SpareArrays}), else a new one; {@code previous} is
     * put aside for a later call of its size and must not be used again. A reused array holds old values,
     * so the caller must overwrite every element. With reuse off, always a new array.
     */
    protected final float[] buffer(float[] previous, int size) {
        if (!reuseBuffers) {
            return new float[size];
        }
        if (spares == null) {
            spares = new SpareArrays();
        }
        return spares.exchange(previous, size);
    }

    /** {@link #buffer} filled with zeros, for kernels that accumulate into their output. */
    protected final float[] zeroedBuffer(float[] previous, int size) {
        float[] buffer = buffer(previous, size);
        if (reuseBuffers) {
            Arrays.fill(buffer, 0f);
        }
        return buffer;
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        this.inputGradientNeeded = needed;
    }

    @Override
    public void setNamePrefix(String prefix) {
        this.prefix = prefix;
        for (Map.Entry<String, Parameter> e : local.entrySet()) {
            e.getValue().rename(this, prefix + e.getKey());
        }
    }

    @Override
    public Shape outputShape() {
        return outputShape;
    }

    /**
     * Fixes the per-sample input shape from the first input (from {@link #inferShape} or
     * {@link #forward}), fills in its unknown dimensions from later ones, and refuses one that
     * contradicts it. The batch dimension is free.
     *
     * @throws ShapeMismatchException naming this layer, the shape it was built for and {@code input}
     */
    protected void acceptInput(Shape input) {
        Shape sample = input.dropFirst();
        if (sampleShape == null) {
            sampleShape = sample;
            return;
        }
        if (!sampleShape.isCompatible(sample)) {
            throw new ShapeMismatchException(label(), sampleShape.prepend(Shape.UNKNOWN), input,
                    "its shapes were fixed by the first input it saw; give every batch " + sampleShape
                            + " per sample, or build a new network for the new shape");
        }
        sampleShape = sampleShape.refine(sample);
    }

    /**
     * {@link #inferShape} of a layer that works value by value (activations, dropout): the output has the
     * input's shape, and the input needs a batch dimension.
     *
     * @throws ShapeMismatchException if {@code input} has no batch dimension or contradicts earlier inputs
     */
    protected Shape keepShape(Shape input) {
        if (input.rank() < 1) {
            throw new ShapeMismatchException(label(), Shape.of(Shape.UNKNOWN), input,
                    "a layer's input needs a batch dimension");
        }
        acceptInput(input);
        outputShape = input;
        return outputShape;
    }

    /** How errors name this layer: its description, with its position in the network when known. */
    protected String label() {
        return prefix.isEmpty() ? describe() : describe() + " at " + prefix.substring(0, prefix.length() - 1);
    }

    @Override
    public String summary() {
        return Summary.table(List.of(Summary.row(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1),
                this)));
    }
}
