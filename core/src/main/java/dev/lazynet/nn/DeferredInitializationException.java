package dev.lazynet.nn;

/**
 * Thrown when a parameter's values are read before they exist: its shape still has unknown
 * dimensions, or no initializer has run yet. The message names the parameter and the ways out.
 */
public class DeferredInitializationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** An exception with the full explanation in {@code message}. */
    public DeferredInitializationException(String message) {
        super(message);
    }
}
