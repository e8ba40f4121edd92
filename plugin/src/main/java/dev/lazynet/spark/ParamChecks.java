package dev.lazynet.spark;

import org.apache.spark.ml.param.Param;

/**
 * Checks a Param value in a setter, with a message that says what is expected: Spark's own check only
 * says "parameter batchSize given invalid value -1", while each Param's description states its
 * constraint and default.
 */
final class ParamChecks {

    private ParamChecks() {
    }

    /**
     * @throws IllegalArgumentException naming the Param, the value and, from its description, what is
     *     expected
     */
    static <T> void requireValid(Param<T> param, T value) {
        if (!Boolean.TRUE.equals(param.isValid().apply(value))) {
            throw new IllegalArgumentException("Invalid value " + value + " for " + param.name() + ": " + param.doc());
        }
    }
}
