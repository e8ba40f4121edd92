package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on the messages of refused input, shared by the tests of bad input. */
final class FailureMessages {

    private FailureMessages() {
    }

    /** The message of the {@link InvalidDataException} that a Spark job's failure carries as a cause. */
    static String invalidDataCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidDataException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("No InvalidDataException among the causes of " + failure, failure);
    }

    /** Asserts that {@code message} contains each of {@code parts}, naming the first one missing. */
    static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "\"" + part + "\" not in: " + message);
        }
    }
}
