package dev.lazynet.examples.data;

import dev.lazynet.examples.cli.ExampleException;

/** An IDX file that is missing, truncated, or not what its header or its name says. */
public final class IdxFormatException extends ExampleException {

    private static final long serialVersionUID = 1L;

    /** An error naming the file, what was found and what was expected. */
    public IdxFormatException(String message) {
        super(message);
    }

    /** As {@link #IdxFormatException(String)}, keeping the I/O error that revealed the damage. */
    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
