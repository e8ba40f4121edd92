package dev.lazynet.examples.cli;

/**
 * A problem the person running an example can fix (missing data, a damaged file, a bad option value).
 * Its message says what is wrong and what to do, and the launcher prints it as one line, without a
 * stack trace unless {@code --verbose} is given.
 */
public class ExampleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error whose message names the problem, the offending value and the fix. */
    public ExampleException(String message) {
        super(message);
    }

    /** As {@link #ExampleException(String)}, keeping the low-level cause for {@code --verbose}. */
    public ExampleException(String message, Throwable cause) {
        super(message, cause);
    }
}
