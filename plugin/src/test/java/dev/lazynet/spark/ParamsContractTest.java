package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Params contract of every estimator and model, the way Spark's {@code ParamsSuite.checkParams}
 * checks its own stages: tools such as {@code CrossValidator}, {@code ParamGridBuilder}, ML persistence
 * and PySpark find Params by reflection and rely on it.
 */
class ParamsContractTest {

    /**
     * Params that may stay unset: the network comes from layers or from setNetwork, and the weights from
     * the initializer unless initialWeights is set, a classifier predicts the most probable class
     * unless thresholds are set, and every row weighs 1 unless weightCol is set, as in Spark's stages.
     */
    private static final Set<String> OPTIONAL = Set.of("layers", "initialWeights", "thresholds", "weightCol");

    /** Two valid values of each String Param; column names and paths take any. */
    private static final Map<String, List<String>> STRING_VALUES = Map.of(
            "optimizer", List.of("sgd", "adam"),
            "handleInvalid", List.of("skip", "error"),
            "initializer", List.of("kaiming", "xavier"),
            "layers", List.of("dense(4,relu) dense(3)", "dense(3)"),
            "inputShape", List.of("1,2", "2,1"),
            "stepSizeSchedule", List.of("cosine", "step(2,0.5)"));
    private static final List<String> ANY_NAMES = List.of("someColumn", "otherColumn");

    @Test
    void theClassifiersParamsKeepTheContract() throws Exception {
        checkParams(new LazyNetClassifier(), true);
    }

    @Test
    void theRegressorsParamsKeepTheContract() throws Exception {
        checkParams(new LazyNetRegressor(), true);
    }

    @Test
    @Tag("spark")
    void theClassificationModelsParamsKeepTheContract() throws Exception {
        checkParams(new LazyNetClassifier().setLayers("dense(3)").setMaxIter(1).setBatchSize(30)
                .fit(TestData.frame(SparkTestBase.localSession(), TestData.blobs(30, 2, 3, 4), 2)), false);
    }

    @Test
    @Tag("spark")
    void theRegressionModelsParamsKeepTheContract() throws Exception {
        checkParams(new LazyNetRegressor().setLayers("dense(1)").setMaxIter(1).setBatchSize(30)
                .fit(TestData.frame(SparkTestBase.localSession(), TestData.blobs(30, 2, 3, 4), 2)), false);
    }

    /**
     * Checks every Param of {@code stage}; an estimator must have a setter for each, a model for those
     * it has (Spark's models set only their columns and how they predict).
     */
    private static void checkParams(Params stage, boolean everyParamHasASetter) throws Exception {
        Param<?>[] params = stage.params();
        assertTrue(params.length > 0, "no Params found on " + stage.getClass().getSimpleName());
        List<String> names = new ArrayList<>();
        for (Param<?> param : params) {
            names.add(param.name());
        }
        assertEquals(names.stream().sorted().toList(), names, "Spark lists Params by name");

        for (Param<?> param : params) {
            String what = stage.getClass().getSimpleName() + "." + param.name();
            assertEquals(stage.uid(), param.parent(), what + " belongs to its stage");
            assertEquals(param, stage.getParam(param.name()), what + " is found by its name");
            assertFalse(param.doc().isBlank(), what + " has a doc");
            assertTrue(stage.hasDefault(param) || OPTIONAL.contains(param.name()),
                    what + " has a default or is one of the optional Params " + OPTIONAL);
            checkGetterAndSetter(stage, param, what, everyParamHasASetter);
            checkExplanation(stage, param, what);
        }
        checkCopy(stage, params);
    }

    private static void checkGetterAndSetter(Params stage, Param<?> param, String what, boolean setterRequired)
            throws Exception {
        String suffix = Character.toUpperCase(param.name().charAt(0)) + param.name().substring(1);
        Method getter = stage.getClass().getMethod("get" + suffix);
        Object value = otherValue(stage, param);
        Optional<Method> setter = setter(stage, "set" + suffix, value);
        if (setter.isEmpty()) {
            assertFalse(setterRequired, what + " has no public set" + suffix + " taking " + value.getClass());
            return;
        }
        Object returned = invoke(setter.get(), stage, value);
        assertSame(stage, returned, what + ": set" + suffix + " returns the stage itself");
        assertTrue(Objects.deepEquals(value, getter.invoke(stage)), what + ": get" + suffix + " gives the value set");
    }

    /** A public setter of that name whose one parameter takes {@code value}. */
    private static Optional<Method> setter(Params stage, String name, Object value) {
        for (Method method : stage.getClass().getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 1
                    && wrapped(method.getParameterTypes()[0]).isInstance(value)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }

    private static Class<?> wrapped(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return type == int.class ? Integer.class : type == long.class ? Long.class
                : type == double.class ? Double.class : type == boolean.class ? Boolean.class : type;
    }

    private static Object invoke(Method method, Object target, Object value) throws Exception {
        try {
            return method.invoke(target, value);
        } catch (InvocationTargetException e) {
            throw new AssertionError(method.getName() + "(" + value + ") failed", e.getCause());
        }
    }

    /** Each default appears once in the Param's explanation: Spark appends it, so the doc must not hold it. */
    private static void checkExplanation(Params stage, Param<?> param, String what) {
        String explained = stage.explainParam(param);
        if (stage.hasDefault(param)) {
            String value = String.valueOf(stage.getDefault(param).get());
            assertEquals(1, occurrences(explained, "default: " + value) + occurrences(explained, "default " + value),
                    what + " explained as \"" + explained + "\"");
        }
        assertTrue(stage.explainParams().contains(explained), what + " is in explainParams()");
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** {@code copy} keeps every value set, and the extra ParamMap's values win. */
    private static void checkCopy(Params stage, Param<?>[] params) throws Exception {
        Params copy = stage.copy(ParamMap.empty());
        assertEquals(stage.getClass(), copy.getClass(), "copy keeps the class");
        assertEquals(stage.uid(), copy.uid(), "copy keeps the uid");
        for (Param<?> param : params) {
            if (stage.isDefined(param)) {
                assertTrue(Objects.deepEquals(stage.getOrDefault(param), copy.getOrDefault(param)),
                        param.name() + " after copy");
            }
        }
        ParamMap extra = ParamMap.empty();
        List<Param<?>> changed = new ArrayList<>();
        for (Param<?> param : params) {
            if (stage.isDefined(param)) {
                putOther(extra, stage, param);
                changed.add(param);
            }
        }
        Params copyWithExtra = stage.copy(extra);
        for (Param<?> param : changed) {
            assertTrue(Objects.deepEquals(extra.get(param).get(), copyWithExtra.getOrDefault(param)),
                    param.name() + " from the extra ParamMap");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void putOther(ParamMap map, Params stage, Param<T> param) {
        map.put(param, (T) otherValue(stage, param));
    }

    /** A valid value of the Param other than its current one. */
    private static Object otherValue(Params stage, Param<?> param) {
        Object current = stage.isDefined(param) ? stage.getOrDefault(param) : null;
        List<Object> candidates = new ArrayList<>();
        if (param instanceof IntParam) {
            int base = current == null ? 1 : (Integer) current;
            candidates.addAll(List.of(base + 1, base + 2));
        } else if (param instanceof LongParam) {
            candidates.add(current == null ? 7L : (Long) current + 1);
        } else if (param instanceof DoubleParam) {
            double base = current == null ? 0.25 : (Double) current;
            candidates.addAll(List.of(base + 0.25, base / 2));
        } else if (param instanceof BooleanParam) {
            candidates.add(current == null || !(Boolean) current);
        } else if (param instanceof DoubleArrayParam) {
            candidates.addAll(List.of(new double[] {1, 0.5, 2}, new double[] {0.5, 1, 1}));
        } else if (param.name().equals("initialWeights")) {
            candidates.addAll(List.of(Vectors.dense(0.5, -0.5), Vectors.dense(1, 2, 3)));
        } else {
            candidates.addAll(STRING_VALUES.getOrDefault(param.name(), ANY_NAMES));
        }
        for (Object candidate : candidates) {
            if (!Objects.deepEquals(candidate, current) && isValid(param, candidate)) {
                return candidate;
            }
        }
        return fail("no valid value other than " + current + " among " + candidates + " for " + param.name());
    }

    @SuppressWarnings("unchecked")
    private static boolean isValid(Param<?> param, Object value) {
        return (Boolean) ((Param<Object>) param).isValid().apply(value);
    }
}
