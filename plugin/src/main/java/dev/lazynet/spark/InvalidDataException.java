package dev.lazynet.spark;

import java.util.function.Supplier;

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
    InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Runs a Spark action and, if a task failed on invalid data, rethrows that error on the driver with
     * its own message instead of Spark's wrapper, whose message buries it in a stage report. Other
     * failures, including Spark's checked ones thrown from Scala, pass through unchanged.
     */
    static <T> T unwrap(Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidDataException invalid) {
                    throw new InvalidDataException(invalid.getMessage(), e);
                }
            }
            throw e;
        }
    }
}
