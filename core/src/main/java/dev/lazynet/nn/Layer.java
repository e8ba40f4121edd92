package dev.lazynet.nn;

import dev.lazynet.nn.init.Initializer;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Map;

/**
 * A differentiable function with parameters whose shapes may be inferred from its input.
 *
 * <p>Inputs carry the batch as their first dimension; any batch size works. A layer remembers what
 * its backward pass needs from the last {@link #forward}, so one layer instance serves one thread.
 */
public interface Layer {

    /**
     * Computes the output for a batch. The first call fixes every unknown parameter dimension from the
     * batch's shape and runs the registered initializers.
     *
     * @throws ShapeMismatchException if the features differ from those the layer was built for
     * @throws DeferredInitializationException if a parameter has no values and no initializer
     */
    Tensor forward(Tensor x);

    /**
     * Given the gradient of the loss with respect to the last forward's output, adds each parameter's
     * gradient into its {@link Parameter#grad()} and returns the gradient with respect to the input
     * ({@code null} if {@link #setInputGradientNeeded} turned that off).
     */
    Tensor backward(Tensor gradOutput);

    /** Sets every parameter's gradient to zero. */
    void zeroGrad();

    /**
     * The output shape for an input of shape {@code input} (batch dimension included, possibly
     * {@link Shape#UNKNOWN}). Fixes parameter shapes and runs registered initializers, without data
     * and without arithmetic on tensors.
     */
    Shape inferShape(Shape input);

    /**
     * {@link #initialize(Initializer)} with the library's default initializer, uniform in [-0.07, 0.07]
     * as in Gluon. A Spark fit uses its {@code initializer} Param instead, {@code xavier} by default.
     */
    default void initialize() {
        initialize(Initializers.uniform());
    }

    /** {@link #initialize(Initializer, boolean)} without forcing re-initialization. */
    default void initialize(Initializer init) {
        initialize(init, false);
    }

    /** {@link #initialize(Initializer, boolean, long)} with {@link Parameter#DEFAULT_SEED}. */
    default void initialize(Initializer init, boolean forceReinit) {
        initialize(init, forceReinit, Parameter.DEFAULT_SEED);
    }

    /**
     * Initializes every parameter whose shape is known now and registers {@code init} on the others, to
     * run when their shapes become known. Parameters already initialized stay unchanged unless
     * {@code forceReinit}.
     *
     * @param seed mixed with each parameter's name to seed its generator
     */
    void initialize(Initializer init, boolean forceReinit, long seed);

    /** The parameters, in a stable order, keyed by name ({@code 0.weight}); a tied one appears once. */
    Map<String, Parameter> parameters();

    /** One row per layer: output shape, parameter shapes and counts; {@code ?} for unknown sizes. */
    String summary();

    /** Switches between training (dropout active, batch statistics) and inference behaviour. */
    void setTraining(boolean training);

    /** Whether the layer is in training mode (the default). */
    boolean isTraining();

    /**
     * Whether {@link #backward} must compute the gradient with respect to the input. The first layer
     * of a network being trained needs none, which saves a matrix product per batch.
     */
    void setInputGradientNeeded(boolean needed);

    /**
     * Lets the layer use the same arrays again. With reuse on, the tensor {@link #forward} returns is
     * overwritten by the next forward of the same batch shape, the one {@link #backward} returns by the
     * next backward, and scratch space (convolution columns, dropout masks) is kept between calls. A
     * trainer that consumes each result before the next call turns it on, which spares it an allocation
     * per call and, more than that, the page faults of writing products into never-touched memory. Off
     * by default, so two forward results stay independent. Results are the same bit for bit either way.
     * A layer that keeps nothing to reuse may ignore it.
     */
    default void setReuseBuffers(boolean reuse) {
    }

    /** Whether {@link #setReuseBuffers} turned buffer reuse on; {@code false} by default. */
    default boolean reusesBuffers() {
        return false;
    }

    /**
     * Sets the prefix of the names of the parameters this layer owns ({@code "0."} gives
     * {@code 0.weight}); containers call it when a layer is added.
     */
    void setNamePrefix(String prefix);

    /** A short description, e.g. {@code Dense(256, relu)}. */
    String describe();

    /**
     * This layer in the {@link NetworkSpec} text format, e.g. {@code dense(256,relu)}, such that
     * {@code NetworkSpec.parse(spec())} builds an equivalent, uninitialized layer.
     *
     * @throws UnsupportedOperationException for a custom layer that has no spec form
     */
    String spec();

    /** The output shape from the last {@link #inferShape} or {@link #forward}, or {@code null}. */
    Shape outputShape();
}
