package dev.lazynet.nn;

import dev.lazynet.tensor.Shape;

/**
 * Thrown when data or values do not have the shape a layer was built for, e.g. a batch with 30
 * features given to a layer initialized for 20. A different batch size is never a mismatch.
 */
public class ShapeMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String layer;
    private final transient Shape expected;
    private final transient Shape actual;

    /**
     * @param layer which layer or parameter refused the shape
     * @param expected the shape it was built for ({@code ?} where any size is accepted)
     * @param actual the shape it was given
     * @param remedy what the user can do about it; may be empty
     */
    public ShapeMismatchException(String layer, Shape expected, Shape actual, String remedy) {
        super(layer + " expected input of shape " + expected + " but got " + actual
                + (remedy == null || remedy.isEmpty() ? "" : "; " + remedy));
        this.layer = layer;
        this.expected = expected;
        this.actual = actual;
    }

    /** The layer or parameter that refused the shape. */
    public String layer() {
        return layer;
    }

    /** The shape it was built for. */
    public Shape expected() {
        return expected;
    }

    /** The shape it was given. */
    public Shape actual() {
        return actual;
    }
}
