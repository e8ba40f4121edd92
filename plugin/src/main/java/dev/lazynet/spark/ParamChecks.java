package dev.lazynet.spark;

import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.Param;
import scala.Function1;

/**
 * Checks of Param values. The validators sit on the Params themselves, so a value is checked however
 * it is set: by a setter, a {@code ParamMap}, {@code ParamGridBuilder}, {@code copy} or {@code load}.
 * Setters call {@link #requireValid} for a message that says what is expected: Spark's own check only
 * says "parameter batchSize given invalid value -1", while each Param's description states its
 * constraint.
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

    /**
     * Accepts a network spec that parses. A spec that does not is refused with the parser's own message,
     * which names the layer, its position and the valid choices, rather than Spark's generic one.
     */
    static Function1<String, Object> networkSpec() {
        return (Function1<String, Object> & Serializable) spec -> {
            NetworkSpec.parse(spec);
            return true;
        };
    }

    /** Accepts an initializer's text form, refusing others with the parser's message. */
    static Function1<String, Object> initializer() {
        return (Function1<String, Object> & Serializable) text -> {
            Initializers.parse(text);
            return true;
        };
    }

    /** Accepts a shape such as {@code "1,28,28"}, or empty text; refuses others with the parser's message. */
    static Function1<String, Object> shapeOrEmpty() {
        return (Function1<String, Object> & Serializable) text -> {
            if (!text.isBlank()) {
                Shape.parse(text);
            }
            return true;
        };
    }

    /** Accepts one of {@code names} in any case, as {@code Optimizer.create} does. */
    static Function1<String, Object> oneOfIgnoringCase(List<String> names) {
        return (Function1<String, Object> & Serializable) value -> value != null
                && names.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** Accepts -1 ("never") or a whole number {@code >= 1}; Spark's {@code ParamValidators} has no "either". */
    static Function1<Object, Object> neverOrAtLeastOne() {
        return (Function1<Object, Object> & Serializable) value -> (Integer) value == -1 || (Integer) value >= 1;
    }
}
