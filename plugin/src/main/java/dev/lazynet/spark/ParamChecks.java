package dev.lazynet.spark;

import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.train.StepSizeSchedule;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * Checks of Param values. The validators sit on the Params themselves, so a value is checked however
 * it is set: by a setter, a {@code ParamMap}, {@code ParamGridBuilder}, {@code copy} or {@code load}
 * (Spark validates every {@code ParamPair} it builds). A refused value throws a message that says what
 * is expected, the same whichever way it came: Spark's own check only says "parameter batchSize given
 * invalid value -1", while each Param's description states its constraint.
 */
final class ParamChecks {

    private ParamChecks() {
    }

    /** An int Param whose validator refuses a value with {@link #explained} words. */
    static IntParam intParam(Params owner, String name, String doc, Function1<Object, Object> check) {
        return new IntParam(owner, name, doc, explained(name, doc, check));
    }

    /** A double Param whose validator refuses a value with {@link #explained} words. */
    static DoubleParam doubleParam(Params owner, String name, String doc, Function1<Object, Object> check) {
        return new DoubleParam(owner, name, doc, explained(name, doc, check));
    }

    /** A text Param whose validator refuses a value with {@link #explained} words. */
    static Param<String> textParam(Params owner, String name, String doc, Function1<String, Object> check) {
        return new Param<>(owner, name, doc, explained(name, doc, check));
    }

    /**
     * {@code check} as a validator that, instead of answering false, throws an
     * {@link IllegalArgumentException} naming the Param, the value and, from its description, what is
     * expected.
     */
    static <T> Function1<T, Object> explained(String name, String doc, Function1<T, Object> check) {
        return (Function1<T, Object> & Serializable) value -> {
            if (!Boolean.TRUE.equals(check.apply(value))) {
                throw new IllegalArgumentException("Invalid value " + value + " for " + name + ": " + doc);
            }
            return true;
        };
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

    /** Accepts a step size schedule's text form, refusing others with the parser's message. */
    static Function1<String, Object> stepSizeSchedule() {
        return (Function1<String, Object> & Serializable) text -> {
            StepSizeSchedule.parse(text);
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

    /**
     * Accepts a number that is positive and finite as a float32, the precision the optimizer uses it in:
     * {@code 1e-300} is positive as a double but 0 as a float, and would leave every weight unchanged.
     */
    static Function1<Object, Object> positiveFloat32() {
        return (Function1<Object, Object> & Serializable) value -> {
            float f = (float) (double) (Double) value;
            return f > 0 && Float.isFinite(f);
        };
    }

    /** Accepts a number that is {@code >= 0} and finite as a float32, the precision it is used in. */
    static Function1<Object, Object> nonNegativeFloat32() {
        return (Function1<Object, Object> & Serializable) value -> {
            float f = (float) (double) (Double) value;
            return f >= 0 && Float.isFinite(f);
        };
    }

    /**
     * Accepts class thresholds as Spark's {@code HasThresholds} does: every value {@code >= 0} (so no NaN)
     * and at most one 0, whose class would otherwise tie with another's at infinity. A refused array is
     * named by its values, which Spark's check leaves as an array's identity.
     */
    static Function1<double[], Object> thresholds(String doc) {
        return (Function1<double[], Object> & Serializable) values -> {
            long zeros = Arrays.stream(values).filter(t -> t == 0).count();
            if (zeros > 1 || Arrays.stream(values).anyMatch(t -> !(t >= 0))) {
                throw new IllegalArgumentException("Invalid value " + Arrays.toString(values)
                        + " for thresholds: " + doc);
            }
            return true;
        };
    }

    /**
     * Accepts empty text (none) or text that is not blank: a path of spaces would create a folder named
     * with spaces in the working directory.
     */
    static Function1<String, Object> emptyOrNotBlank() {
        return (Function1<String, Object> & Serializable) value -> value != null
                && (value.isEmpty() || !value.isBlank());
    }

    /** The weight column {@code stage} names, or {@code null} when {@code weightCol} is unset or empty. */
    static String weightColumn(LazyNetParams stage) {
        return stage.isDefined(stage.weightCol()) && !stage.getWeightCol().isEmpty() ? stage.getWeightCol() : null;
    }
}
