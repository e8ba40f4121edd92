package dev.lazynet.nn;

import dev.lazynet.nn.init.Initializer;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chain of layers, each fed the previous one's output.
 *
 * <p>Shape inference walks the chain once: each child's output shape becomes the next child's input
 * shape, which is all deferred initialization needs. Parameters are named by position
 * ({@code 0.weight}, {@code 1.bias}; {@code 2.0.weight} inside a nested chain).
 */
public final class Sequential implements Layer {

    private final List<Layer> layers = new ArrayList<>();
    private String prefix = "";
    private boolean training = true;
    private boolean reuseBuffers;
    private boolean inputGradientNeeded = true;
    private Shape outputShape;

    /** An empty network. */
    public Sequential() {
    }

    /** Appends layers; returns {@code this} for chaining. */
    public Sequential add(Layer... more) {
        for (Layer layer : more) {
            layer.setNamePrefix(prefix + layers.size() + ".");
            layer.setTraining(training);
            layer.setReuseBuffers(reuseBuffers);
            layers.add(layer);
        }
        wireInputGradients();
        return this;
    }

    /** The layer at position {@code i}. */
    public Layer get(int i) {
        return layers.get(i);
    }

    /** The number of layers. */
    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = x;
        for (Layer layer : layers) {
            out = layer.forward(out);
        }
        outputShape = out.shape();
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
    }

    @Override
    public void zeroGrad() {
        for (Layer layer : layers) {
            layer.zeroGrad();
        }
    }

    @Override
    public Shape inferShape(Shape input) {
        Shape s = input;
        for (Layer layer : layers) {
            s = layer.inferShape(s);
        }
        outputShape = s;
        return s;
    }

    @Override
    public void initialize(Initializer init, boolean forceReinit, long seed) {
        for (Layer layer : layers) {
            layer.initialize(init, forceReinit, seed);
        }
    }

    @Override
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        Map<Parameter, Boolean> seen = new IdentityHashMap<>();
        for (Layer layer : layers) {
            for (Parameter p : layer.parameters().values()) {
                if (seen.put(p, Boolean.TRUE) == null) {
                    all.put(p.name(), p);
                }
            }
        }
        return all;
    }

    @Override
    public String summary() {
        List<Summary.Row> rows = new ArrayList<>();
        collectRows(rows);
        return Summary.table(rows);
    }

    private void collectRows(List<Summary.Row> rows) {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof Sequential nested) {
                nested.collectRows(rows);
            } else {
                rows.add(Summary.row(prefix + i, layer));
            }
        }
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
        for (Layer layer : layers) {
            layer.setTraining(training);
        }
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    /** Sets buffer reuse on every layer, and on those added later. */
    @Override
    public void setReuseBuffers(boolean reuse) {
        this.reuseBuffers = reuse;
        for (Layer layer : layers) {
            layer.setReuseBuffers(reuse);
        }
    }

    @Override
    public boolean reusesBuffers() {
        return reuseBuffers;
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        this.inputGradientNeeded = needed;
        wireInputGradients();
    }

    private void wireInputGradients() {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).setInputGradientNeeded(i > 0 || inputGradientNeeded);
        }
    }

    @Override
    public void setNamePrefix(String prefix) {
        this.prefix = prefix;
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).setNamePrefix(prefix + i + ".");
        }
    }

    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder();
        for (Layer layer : layers) {
            if (layer instanceof Sequential) {
                throw new UnsupportedOperationException("A nested Sequential has no spec form; flatten the network"
                        + " into one Sequential");
            }
            sb.append(sb.length() > 0 ? " " : "").append(layer.spec());
        }
        return sb.toString();
    }

    @Override
    public String describe() {
        return "Sequential(" + layers.size() + " layers)";
    }

    @Override
    public Shape outputShape() {
        return outputShape;
    }

    /**
     * The network in the {@link NetworkSpec} text format, e.g. {@code dense(256,relu) dense(10)}, which
     * {@link NetworkSpec#parse} reads back into the same architecture. A layer without a spec form (a
     * custom layer, a nested {@code Sequential}) appears as its {@link Layer#describe()} text instead, so
     * printing never fails; such text does not parse.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Layer layer : layers) {
            sb.append(sb.length() > 0 ? " " : "").append(layer instanceof Sequential ? layer.describe() : specOf(layer));
        }
        return sb.toString();
    }

    private static String specOf(Layer layer) {
        try {
            return layer.spec();
        } catch (UnsupportedOperationException e) {
            return layer.describe();
        }
    }
}
