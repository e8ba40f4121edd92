package dev.lazynet.spark;

/**
 * A row of the input does not fit the network: a null, a NaN or infinite value, a vector of another
 * size, or a label that is not a valid class index. The message names the column, the partition and
 * row, the value, what was expected and how to fix it; {@code handleInvalid = "skip"} drops such rows
 * instead.
 */
public final class InvalidDataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An error with the full description of the bad row. */
    public InvalidDataException(String message) {
        super(message);
    }

    /** The same error raised again on the driver, keeping the executor's failure as the cause. */
    public InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
