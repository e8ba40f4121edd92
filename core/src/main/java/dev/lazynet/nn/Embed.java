package dev.lazynet.nn;

import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Embeds every categorical slot of a feature row into {@code dim} trainable floats and passes the numeric
 * slots through. A categorical slot holds a category index {@code 0 .. vocabulary-1}; the layer looks up
 * that row of the slot's own table. Which slots are categorical and their vocabulary sizes come from
 * {@link #vocabularies}, which a Spark fit reads from the features column's ML attributes: until then the
 * output width is unknown, as a dense layer's input width is before the first data.
 *
 * <table>
 *   <caption>Shapes</caption>
 *   <tr><td>input</td><td>{@code (batch, slots)}</td></tr>
 *   <tr><td>table of slot {@code s}</td><td>{@code (vocabulary[s], dim)}, named {@code table<s>}</td></tr>
 *   <tr><td>output</td><td>{@code (batch, numeric + dim × categorical)}, slots in their input order</td></tr>
 * </table>
 *
 * <p>The gradient reaches only the table rows a batch used; the input gradient is zero for categorical
 * slots, whose indices are not differentiable.
 */
public final class Embed extends AbstractLayer {

    private final int dim;
    private int[] vocabularies;
    private Parameter[] tables;
    private int width = Shape.UNKNOWN;
    private Tensor lastInput;
    private Tensor lastOutput;
    private float[] inputGradient;

    /**
     * Embeds each categorical slot into {@code dim} floats; the slots are given later by {@link #vocabularies}.
     *
     * @throws IllegalArgumentException if {@code dim} is not positive
     */
    public Embed(int dim) {
        if (dim <= 0) {
            throw new IllegalArgumentException("Embed needs a positive embedding size, but got " + dim);
        }
        this.dim = dim;
    }

    /**
     * Fixes the slot layout: {@code perSlot[s]} is the vocabulary size of slot {@code s}, or 0 for a numeric
     * slot that passes through. Declares one table per categorical slot. Returns {@code this}.
     *
     * @throws IllegalArgumentException if a size is negative, no slot is categorical, or the layout was
     *     already fixed to another one
     */
    public Embed vocabularies(int... perSlot) {
        if (vocabularies != null) {
            if (!Arrays.equals(vocabularies, perSlot)) {
                throw new IllegalArgumentException(label() + " already has the slot layout " + layout(vocabularies)
                        + " and cannot take " + layout(perSlot) + "; build a new network for the new columns");
            }
            return this;
        }
        int categorical = 0;
        for (int s = 0; s < perSlot.length; s++) {
            if (perSlot[s] < 0) {
                throw new IllegalArgumentException(describe() + ": slot " + s + " has vocabulary size " + perSlot[s]
                        + "; give 0 for a numeric slot or the number of categories");
            }
            categorical += perSlot[s] > 0 ? 1 : 0;
        }
        if (categorical == 0) {
            throw new IllegalArgumentException(describe() + " found no categorical slot among the " + perSlot.length
                    + " features; index each categorical column with StringIndexer before VectorAssembler, so"
                    + " the features column records its number of categories");
        }
        vocabularies = perSlot.clone();
        tables = new Parameter[perSlot.length];
        for (int s = 0; s < perSlot.length; s++) {
            if (perSlot[s] > 0) {
                tables[s] = declare("table" + s, Parameter.Role.WEIGHT, Shape.of(perSlot[s], dim));
            }
        }
        width = perSlot.length - categorical + categorical * dim;
        return this;
    }

    /**
     * The slot layout of the embed layer that starts {@code network}, the only place one can be, since it
     * reads the features; {@code null} if the network starts with another layer or the layout is not known.
     */
    public static int[] slotLayout(Sequential network) {
        return network.size() > 0 && network.get(0) instanceof Embed embed ? embed.vocabularies() : null;
    }

    /** The slot layout (vocabulary size per slot, 0 for numeric), or {@code null} before it is known. */
    public int[] vocabularies() {
        return vocabularies == null ? null : vocabularies.clone();
    }

    /**
     * The table of categorical slot {@code slot}, shape {@code (vocabulary, dim)}.
     *
     * @throws IllegalArgumentException if the slot is numeric or the layout is not known
     */
    public Parameter table(int slot) {
        if (tables == null || slot < 0 || slot >= tables.length || tables[slot] == null) {
            throw new IllegalArgumentException(label() + " has no table for slot " + slot + "; its slot layout is "
                    + (vocabularies == null ? "not known yet" : layout(vocabularies)));
        }
        return tables[slot];
    }

    /**
     * The tables a summary shows before the slot layout is known, with {@code ?} for their number and
     * vocabulary sizes, which the data decides; {@code null} once they are declared.
     */
    String undeclaredTables() {
        return vocabularies == null ? "table<s> (?, " + dim + ") for each of ? categorical slots" : null;
    }

    /** The number of floats each categorical slot becomes. */
    public int dim() {
        return dim;
    }

    @Override
    public Shape inferShape(Shape input) {
        checkInput(input);
        acceptInput(input);
        outputShape = Shape.of(input.dim(0), width);
        return outputShape;
    }

    private void checkInput(Shape input) {
        int slots = vocabularies == null ? Shape.UNKNOWN : vocabularies.length;
        if (input.rank() != 2) {
            throw new ShapeMismatchException(label(), Shape.of(Shape.UNKNOWN, slots), input,
                    "Embed takes a batch of feature rows, shape (batch, slots); put it first in the network");
        }
        if (slots != Shape.UNKNOWN && input.dim(1) != Shape.UNKNOWN && input.dim(1) != slots) {
            throw new ShapeMismatchException(label(), Shape.of(Shape.UNKNOWN, slots), input,
                    "its slot layout has " + slots + " slots; give it rows of that size or build a new network");
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        if (vocabularies == null) {
            throw new DeferredInitializationException(label() + " does not know which slots are categorical;"
                    + " index each categorical column with StringIndexer before VectorAssembler, so the features"
                    + " column records its number of categories, or call vocabularies(...)");
        }
        checkInput(x.shape());
        int batch = x.shape().dim(0);
        int slots = vocabularies.length;
        float[] in = x.data();
        float[] out = buffer(lastOutput == null ? null : lastOutput.data(), batch * width);
        for (int r = 0; r < batch; r++) {
            int o = r * width;
            for (int s = 0; s < slots; s++) {
                float v = in[r * slots + s];
                if (tables[s] == null) {
                    out[o++] = v;
                } else {
                    int row = index(v, r, s);
                    System.arraycopy(tables[s].data().data(), row * dim, out, o, dim);
                    o += dim;
                }
            }
        }
        lastInput = x;
        lastOutput = Tensor.of(out, batch, width);
        outputShape = lastOutput.shape();
        return lastOutput;
    }

    /** The table row of value {@code v} in slot {@code s}, refusing what is no index of its vocabulary. */
    private int index(float v, int row, int s) {
        int size = vocabularies[s];
        if (!(v >= 0 && v < size) || v != Math.rint(v)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: row %d, slot %d holds %s, which is"
                    + " not a category index in [0, %d); index the column with the StringIndexer fitted on the"
                    + " training data (its handleInvalid decides what happens to unseen categories)",
                    label(), row, s, Float.toString(v), size));
        }
        return (int) v;
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
        int slots = vocabularies.length;
        float[] in = lastInput.data();
        float[] g = gradOutput.data();
        float[] dx = inputGradientNeeded ? zeroedBuffer(inputGradient, batch * slots) : null;
        // Rows in order, so a category seen twice in a batch sums its gradients in a fixed order.
        for (int r = 0; r < batch; r++) {
            int o = r * width;
            for (int s = 0; s < slots; s++) {
                if (tables[s] == null) {
                    if (dx != null) {
                        dx[r * slots + s] = g[o];
                    }
                    o++;
                } else {
                    float[] grad = tables[s].grad().data();
                    int base = (int) in[r * slots + s] * dim;
                    for (int d = 0; d < dim; d++) {
                        grad[base + d] += g[o + d];
                    }
                    o += dim;
                }
            }
        }
        if (dx == null) {
            return null;
        }
        inputGradient = dx;
        return Tensor.of(dx, lastInput.shape());
    }

    @Override
    public String spec() {
        return vocabularies == null ? "embed(" + dim + ")" : "embed(" + dim + ",vocab=" + layout(vocabularies) + ")";
    }

    @Override
    public String describe() {
        return "Embed(" + dim + ")";
    }

    /** The slot layout as the spec writes it: vocabulary sizes separated by colons, 0 for numeric slots. */
    static String layout(int[] perSlot) {
        StringJoiner joined = new StringJoiner(":");
        for (int v : perSlot) {
            joined.add(Integer.toString(v));
        }
        return joined.toString();
    }
}
