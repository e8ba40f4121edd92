package dev.lazynet.spark.internal.data;

import org.apache.spark.annotation.Private;

/**
 * A partition has more rows than its packing task can hold; {@link PackedData#pack} raises it again on
 * the driver with its own message rather than inside Spark's job failure.
 */
@Private
public final class PartitionTooLargeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An error with the sizes and the remedies. */
    public PartitionTooLargeException(String message) {
        super(message);
    }
}
