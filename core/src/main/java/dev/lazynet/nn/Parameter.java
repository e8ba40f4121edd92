package dev.lazynet.nn;

import dev.lazynet.nn.init.Initializer;
import dev.lazynet.tensor.Seeds;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Random;

/**
 * A named tensor of learnable values whose shape may not be known yet.
 *
 * <p>A parameter moves through three states, never backwards:
 * <ol>
 *   <li>{@link State#DECLARED}: some dimensions are unknown, e.g. {@code (256, ?)};</li>
 *   <li>{@link State#SHAPED}: every dimension is known, but no values exist yet;</li>
 *   <li>{@link State#INITIALIZED}: values and a gradient buffer exist.</li>
 * </ol>
 * A shape is only ever refined, unknown to known; a known dimension never changes. An initializer
 * registered while the shape is unknown runs the moment the shape becomes known.
 */
public final class Parameter {

    /** Where a parameter is in its life. */
    public enum State {
        /** Some dimensions are still unknown. */
        DECLARED,
        /** The shape is known; no values yet. */
        SHAPED,
        /** Values exist. */
        INITIALIZED
    }

    /** How a parameter is filled by an {@link Initializer}, and whether it is learned. */
    public enum Role {
        /** Filled by {@link Initializer#initWeight}. */
        WEIGHT,
        /** Filled by {@link Initializer#initBias}. */
        BIAS,
        /** Always starts at ones, whatever the initializer (a normalization scale). */
        ONES,
        /** Always starts at zeros, whatever the initializer (a normalization shift). */
        ZEROS,
        /** Running statistics: starts at zeros, updated by the layer, not by the optimizer. */
        STATISTIC_ZEROS,
        /** Running statistics: starts at ones, updated by the layer, not by the optimizer. */
        STATISTIC_ONES
    }

    /**
     * The seed used when none is given, so an unseeded network is still reproducible. A Spark fit does
     * not use it: the estimators initialize with their {@code seed} Param, 42 by default.
     */
    public static final long DEFAULT_SEED = 0L;

    private String name;
    private final Role role;
    final Object owner;
    private Shape shape;
    private Tensor data;
    private Tensor grad;
    private Initializer pending;
    private long pendingSeed;

    /**
     * A parameter in the declared (or, with a fully known shape, shaped) state.
     *
     * @param name its name; containers prefix it with the layer's position, e.g. {@code 0.weight}
     * @param role how initializers fill it and whether the optimizer updates it
     * @param shape its shape, with {@link Shape#UNKNOWN} where the input decides
     * @param owner the layer that created it; only the owner renames it, so a tied parameter keeps
     *     the name of the layer it belongs to
     */
    public Parameter(String name, Role role, Shape shape, Object owner) {
        this.name = name;
        this.role = role;
        this.shape = shape;
        this.owner = owner;
    }

    /** The name, e.g. {@code 0.weight}. */
    public String name() {
        return name;
    }

    void rename(Object requester, String newName) {
        if (requester == owner) {
            this.name = newName;
        }
    }

    /** How initializers treat it. */
    public Role role() {
        return role;
    }

    /** Whether the optimizer updates it (false for running statistics). */
    public boolean isTrainable() {
        return role != Role.STATISTIC_ZEROS && role != Role.STATISTIC_ONES;
    }

    /** The current shape, possibly with unknown dimensions. */
    public Shape shape() {
        return shape;
    }

    /** The current state. */
    public State state() {
        return data != null ? State.INITIALIZED : shape.isKnown() ? State.SHAPED : State.DECLARED;
    }

    /** Whether values exist. */
    public boolean isInitialized() {
        return data != null;
    }

    /**
     * The values.
     *
     * @throws DeferredInitializationException before initialization, naming this parameter and the
     *     remedies
     */
    public Tensor data() {
        if (data == null) {
            throw notInitialized();
        }
        return data;
    }

    /**
     * The gradient accumulated by backward passes since the last {@code zeroGrad}, same shape as the
     * values.
     *
     * @throws DeferredInitializationException before initialization
     */
    public Tensor grad() {
        if (grad == null) {
            throw notInitialized();
        }
        return grad;
    }

    /**
     * Replaces the values with a copy of {@code values}. On a parameter whose shape is not known yet this
     * also fixes the shape; any pending initializer is dropped, since the values are now given.
     *
     * @throws ShapeMismatchException if the shape is incompatible with this parameter's shape
     * @throws IllegalArgumentException if a value is NaN or infinite
     */
    public void setData(Tensor values) {
        if (!shape.isCompatible(values.shape())) {
            throw new ShapeMismatchException("Parameter '" + name + "'", shape, values.shape(),
                    "setData needs a tensor of the parameter's shape");
        }
        float[] v = values.data();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("setData on parameter '" + name + "': element " + i + " is "
                        + v[i] + "; parameter values must be finite numbers");
            }
        }
        shape = shape.refine(values.shape());
        pending = null;
        if (data == null) {
            data = Tensor.zeros(shape);
            grad = Tensor.zeros(shape);
        }
        System.arraycopy(v, 0, data.data(), 0, v.length);
    }

    /** {@link #initialize(Initializer, boolean, long)} with the {@linkplain #DEFAULT_SEED default seed}. */
    public void initialize(Initializer init, boolean forceReinit) {
        initialize(init, forceReinit, DEFAULT_SEED);
    }

    /**
     * Initializes the values with {@code init} if the shape is known, else registers {@code init} to run
     * as soon as it is. An initialized parameter is left unchanged unless {@code forceReinit}.
     *
     * @param seed with the name, seeds this parameter's generator
     */
    public void initialize(Initializer init, boolean forceReinit, long seed) {
        if (data != null && !forceReinit) {
            return;
        }
        if (!shape.isKnown()) {
            pending = init;
            pendingSeed = seed;
            return;
        }
        fill(init, seed);
    }

    /** Whether an initializer waits for the shape to become known. */
    public boolean hasPendingInitializer() {
        return pending != null;
    }

    /**
     * Refines the shape with what the data revealed and, if it is now fully known and an initializer is
     * registered, runs it.
     *
     * @param layer names the layer in the error
     * @throws ShapeMismatchException if a known dimension would change
     */
    public void refineShape(Shape revealed, String layer) {
        if (!shape.isCompatible(revealed)) {
            throw new ShapeMismatchException(layer + " (parameter '" + name + "')", shape, revealed,
                    "a parameter's shape is fixed by the first data it sees; give every batch the same feature"
                            + " size, or build a new network");
        }
        shape = shape.refine(revealed);
        if (shape.isKnown() && data == null && pending != null) {
            fill(pending, pendingSeed);
        }
    }

    /** Sets the gradient to zero. */
    public void zeroGrad() {
        if (grad != null) {
            grad.fill(0f);
        }
    }

    private void fill(Initializer init, long seed) {
        Tensor fresh = Tensor.zeros(shape);
        Random rng = new Random(Seeds.ofName(seed, name));
        switch (role) {
            case WEIGHT -> init.initWeight(name, fresh, rng);
            case BIAS -> init.initBias(name, fresh, rng);
            case ONES, STATISTIC_ONES -> fresh.fill(1f);
            case ZEROS, STATISTIC_ZEROS -> fresh.fill(0f);
            default -> throw new AssertionError(role);
        }
        data = fresh;
        grad = Tensor.zeros(shape);
        pending = null;
    }

    private DeferredInitializationException notInitialized() {
        String why = shape.isKnown()
                ? "its shape " + shape + " is known but no initializer has run; call initialize() on the network"
                : "its shape " + shape + " is not known yet (deferred initialization)";
        String remedies = shape.isKnown()
                ? ""
                : "; to resolve it, call initialize() and then pass data through the network (forward),"
                        + " call inferShape(inputShape), or give the input size up front (e.g. Dense.inUnits(n))";
        return new DeferredInitializationException("Parameter '" + name + "' has no values yet: " + why + remedies);
    }

    @Override
    public String toString() {
        return "Parameter " + name + " " + shape + " " + state().name().toLowerCase(java.util.Locale.ROOT);
    }
}
